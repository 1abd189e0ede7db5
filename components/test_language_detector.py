import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.language_detector import LanguageDetector, requested_language
from knowledge.language import locale_language


@pytest.fixture
def detector(tmp_path):
    return LanguageDetector.create(LanguageDetector.get_default_config(), LocalModelStorage(tmp_path),
                                   Resource("language_detector"), ExecutionContext(None))


def run(detector, text, intent="greet", metadata=None):
    data = {TEXT: text, INTENT: {"name": intent, "confidence": 0.9}}
    if metadata is not None:
        data["metadata"] = metadata
    message = Message(data=data)
    detector.process([message])
    return message


@pytest.mark.parametrize("text, code", [
    ("answer in Thai please", "th"), ("¿Puedes responder en inglés?", "en"), ("用中文回答", "zh"),
    ("Boleh guna bahasa Melayu?", "ms"), ("pakai bahasa Indonesia saja", "id"), ("Nói tiếng Việt được không?", "vi"),
    ("ตอบเป็นภาษาอังกฤษได้ไหม", "en"), ("I don't read English well, Spanish please", "es"),
    ("bahasa malaysia please", "ms"), ("日本語でお願いします", "ja"), ("한국어로 해 주세요", "ko"),
    ("можно по-русски?", "ru"), ("pwede po bang Tagalog", "fil"), ("請用繁體中文回答", "zh-Hant"),
    ("can you answer in traditional chinese", "zh-Hant"), ("请用简体中文", "zh"),
])
def test_the_named_language_is_found_in_every_language(text, code):
    assert requested_language(text) == code


def test_no_language_name_means_no_request():
    assert requested_language("can you switch?") is None
    assert requested_language("I sell thaiboxing gear") is None  # not a word boundary match


@pytest.mark.parametrize("metadata, code", [
    ({"locale": "es-MX"}, "es"), ({"locale": "zh_CN"}, "zh"), ({"language": "th"}, "th"),
    ({"locale": "zh-TW"}, "zh-Hant"), ({"locale": "ja-JP"}, "ja"), ({"locale": "tl-PH"}, "fil"),
    ({"locale": "fr-FR"}, None), ({}, None), (None, None), ({"locale": 42}, None),
])
def test_channel_locales_map_to_supported_codes(metadata, code):
    assert locale_language(metadata) == code


def test_a_lang_command_becomes_change_language_with_the_target(detector):
    message = run(detector, "/lang vi", intent="nlu_fallback")
    assert message.get(INTENT)["name"] == "change_language"
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("language", "vi")]
    assert message.get("language_detection")["requested"] == "vi"


def test_a_lang_command_with_an_unknown_code_asks_which_language(detector):
    message = run(detector, "/lang xx", intent="nlu_fallback")
    assert message.get(INTENT)["name"] == "change_language" and not message.get(ENTITIES)


def test_change_language_intent_gets_the_named_language_as_entity(detector):
    message = run(detector, "please answer in Vietnamese", intent="change_language")
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("language", "vi")]


def test_a_message_in_an_unsupported_language_is_routed_to_unsupported_language(detector):
    message = run(detector, "Bonjour, comment puis-je obtenir un prêt pour mon entreprise ?", intent="finance_access")
    assert message.get(INTENT)["name"] == "unsupported_language"
    assert message.get("language_detection")["language"] == "fr"
    arabic = run(detector, "مرحبا، كيف أحصل على قرض لمشروعي الصغير؟", intent="finance_access")
    assert arabic.get(INTENT)["name"] == "unsupported_language"


@pytest.mark.parametrize("text, language", [
    ("中小企業の融資について教えてください", "ja"), ("중소기업 대출은 어떻게 받나요?", "ko"),
    ("Как получить кредит для малого бизнеса?", "ru"), ("Paano ako makakakuha ng pautang para sa negosyo ko?", "fil"),
    ("請問中小企業貸款怎麼申請", "zh-Hant"),
])
def test_every_language_of_ours_keeps_its_intent_and_is_the_reply_language(detector, text, language):
    message = run(detector, text, intent="finance_access")
    assert message.get(INTENT)["name"] == "finance_access"
    assert message.get("language_detection")["reply_language"] == language


@pytest.mark.parametrize("text", ["Incoterms FOB CIF", "ok", "Maria", "12345", "👍"])
def test_short_or_unclear_messages_keep_their_intent(detector, text):
    message = run(detector, text, intent="export_readiness")
    assert message.get(INTENT)["name"] == "export_readiness"
    assert message.get("language_detection")["reliable"] is False or message.get("language_detection")["supported"]


def test_every_message_gets_language_detection_with_the_channel_locale(detector):
    message = run(detector, "¿Cómo consigo un préstamo para mi pyme?", intent="finance_access",
                  metadata={"locale": "es-CL"})
    detection = message.get("language_detection")
    assert detection["language"] == "es" and detection["reliable"] and detection["supported"]
    assert detection["locale"] == "es" and message.get(INTENT)["name"] == "finance_access"
    assert "language_detection" in message.as_dict(only_output_properties=True)


def test_a_channel_locale_hint_is_kept_apart_from_the_locale(detector):
    # Telegram's language_code: too weak to be a locale, but actions/language.py uses it for "hi".
    message = run(detector, "hi", metadata={"locale_hint": "id-ID"})
    detection = message.get("language_detection")
    assert detection["locale_hint"] == "id" and detection["locale"] is None
    assert run(detector, "hi", metadata={"locale_hint": "fr"}).get("language_detection")["locale_hint"] is None
    assert run(detector, "hi").get("language_detection")["locale_hint"] is None


def ranked(text, ranking):
    """A message as DIET left it: its top intent and the ranking."""
    message = Message(data={TEXT: text, INTENT: ranking[0], "intent_ranking": ranking})
    return message


def test_a_supported_language_taken_for_an_unsupported_one_gets_the_next_intent(detector):
    message = ranked("¿Cómo preparo una solicitud de préstamo para mi pequeña empresa?",
                     [{"name": "unsupported_language", "confidence": 0.3},
                      {"name": "finance_access", "confidence": 0.6}])
    detector.process([message])
    assert message.get(INTENT)["name"] == "finance_access"
    assert [entry["name"] for entry in message.get("intent_ranking")] == ["finance_access"]


def test_when_the_next_intent_is_unsure_too_it_becomes_a_knowledge_search(detector):
    message = ranked("¿Cómo preparo una solicitud de préstamo para mi pequeña empresa?",
                     [{"name": "unsupported_language", "confidence": 0.85},
                      {"name": "finance_access", "confidence": 0.09}])
    detector.process([message])
    assert message.get(INTENT)["name"] == "nlu_fallback"


def test_a_real_unsupported_language_stays_unsupported(detector):
    message = ranked("Comment puis-je obtenir un prêt pour ma petite entreprise ?",
                     [{"name": "unsupported_language", "confidence": 0.9},
                      {"name": "finance_access", "confidence": 0.1}])
    detector.process([message])
    assert message.get(INTENT)["name"] == "unsupported_language"


@pytest.mark.parametrize("current, text, expected", [
    ("es", "ok", "es"),                                        # says nothing: the conversation keeps Spanish
    ("es", "How do I export coffee to Japan?", "en"),           # a clear English question switches
    ("en", "Can the bank help?", "en"),                          # English words that are also Vietnamese syllables
    ("es", "¿Voy a la feria de exportación?", "es"),
    ("vi", "ban co the giup toi vay von khong", "vi"),          # Vietnamese typed without diacritics
    ("th", "/finance_access", "th"),                            # a button's payload is not words
    (None, "hello", "en"),
])
def test_the_reply_language_is_decided_with_the_conversations_language(detector, current, text, expected):
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    slot = TextSlot("language", mappings=[{"type": "custom"}], influence_conversation=False)
    tracker = DialogueStateTracker.from_events("user", [SlotSet("language", current)], slots=[slot])
    message = Message(data={TEXT: text, INTENT: {"name": "greet", "confidence": 0.9}})
    detector.process([message], tracker=tracker)
    assert message.get("language_detection")["reply_language"] == expected


def test_a_request_for_chinese_written_in_traditional_characters_gets_traditional(detector):
    message = run(detector, "請用中文回答", intent="change_language")
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("language", "zh-Hant")]


@pytest.mark.parametrize("command, code", [("/lang zh-Hant", "zh-Hant"), ("/lang zh-TW", "zh-Hant"),
                                           ("/lang zh-hans", "zh"), ("/lang tl", "fil"), ("/lang ja", "ja")])
def test_lang_commands_take_every_code_and_its_aliases(detector, command, code):
    message = run(detector, command, intent="nlu_fallback")
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("language", code)]
