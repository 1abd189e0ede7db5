"""KnowledgeRouter on messages as DIET leaves them, against the real knowledge index (make index)."""
import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

import components.knowledge_router as router_module
from components.knowledge_router import KNOWLEDGE, KnowledgeRouter, asks_for_a_person
from components.sentence_embedding_featurizer import EMBEDDING
from knowledge.errors import IndexMissingError
from knowledge.service import KnowledgeService


@pytest.fixture(scope="module")
def router():
    return KnowledgeRouter(KnowledgeRouter.get_default_config())


def parsed(text, intent, confidence=0.95, language="en", second="finance_access"):
    ranking = [{"name": intent, "confidence": confidence}, {"name": second, "confidence": 1 - confidence}]
    return Message(data={TEXT: text, INTENT: ranking[0], INTENT_RANKING_KEY: ranking,
                         "language_detection": {"reply_language": language}})


def routed(router, message):
    router.process([message])
    return message.get(INTENT)["name"], message.get(KNOWLEDGE)


def test_a_library_question_taken_for_a_request_for_help_goes_to_the_library(router):
    name, knowledge = routed(router, parsed("How do I prepare a loan application for my bakery?", "help", 0.999))
    assert name == "finance_access" and knowledge["routed_from"] == "help"
    assert knowledge["answered"] and knowledge["hits"] and knowledge["index"]


def test_a_real_request_for_help_stays_one(router):
    name, knowledge = routed(router, parsed("what can you do?", "help"))
    assert name == "help" and "routed_from" not in knowledge


def test_asking_for_a_person_in_words_is_kept_even_beside_a_library_topic(router):
    name, _ = routed(router, parsed("Can I talk to an advisor about my loan application?", "human_handoff", 0.6))
    assert name == "human_handoff"


def test_a_question_taken_for_a_handoff_without_asking_for_anyone_goes_to_the_library(router):
    name, knowledge = routed(router, parsed("What documents does a bank want for a small business loan?",
                                            "human_handoff", 0.8))
    assert name == "finance_access" and knowledge["routed_from"] == "human_handoff"


def test_a_short_greeting_stays_a_greeting(router):
    assert routed(router, parsed("hi there", "greet"))[0] == "greet"


def test_yes_followed_by_a_library_question_reaches_the_library(router):
    name, _ = routed(router, parsed("yes, and how do I work out my export price with Incoterms?", "affirm",
                                    second="export_readiness"))
    assert name == "export_readiness"


def test_out_of_scope_stays_so_when_the_library_has_nothing(router):
    assert routed(router, parsed("What is the capital of Australia?", "out_of_scope"))[0] == "out_of_scope"


def test_the_router_searches_in_the_reply_language_with_the_featurizers_embedding(router):
    message = parsed("¿Qué documentos pide el banco para un crédito?", "finance_access", language="es")
    with_embedding = parsed(message.get(TEXT), "finance_access", language="es")
    with_embedding.set(EMBEDDING, router_module.service.searcher().encoder.encode_queries([message.get(TEXT)])[0])
    _, plain = routed(router, message)
    _, reused = routed(router, with_embedding)
    assert plain["language"] == "es" and plain["hits"] == reused["hits"]


def test_a_buttons_payload_is_not_searched(router):
    message = parsed("/finance_access", "finance_access")
    router.process([message])
    assert message.get(KNOWLEDGE) is None


def test_without_an_index_messages_keep_their_intent_and_carry_no_evidence(router, monkeypatch, tmp_path):
    def missing():
        raise IndexMissingError(tmp_path / "index")

    monkeypatch.setattr(router_module, "service", KnowledgeService(loader=missing))
    name, knowledge = routed(router, parsed("How do I prepare a loan application?", "help"))
    assert name == "help" and knowledge is None


@pytest.mark.parametrize("text, language, expected", [
    ("I want to talk to a human", "en", True),
    ("quiero hablar con un asesor", "es", True),
    ("我要转人工", "zh", True),
    ("sy mau ngobrol sama orang aja", "id", True),
    ("cho mình gặp nhân viên tư vấn", "vi", True),
    ("How do I get a loan?", "en", False),
    ("làm sao tìm người mua ở Nhật", "vi", False),  # "người mua" is a buyer, not someone to talk to
])
def test_asking_for_a_person_is_recognised_in_each_language(text, language, expected):
    assert asks_for_a_person(text, language) is expected
