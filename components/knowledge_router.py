"""Route questions to the knowledge engine, with the library's own evidence beside the intent.

Runs last in the NLU pipeline. It searches the knowledge engine once per message,
with the sentence embedding the featurizer already computed (one encoder pass per
message) and in the reply language the language detector decided, and adds the
result to the parse data as `knowledge`: the index it searched, the best score,
whether the library answers, and the hits. The action server answers from those
hits without searching again (actions/answer_question.py).

Then it decides where the message goes. DIET is trained on a few hundred
examples; a question worded unlike them can look like a request for help, a
"are you a bot?" or a request for a person. The rule, in order:

  1. A language switch or a language we do not support: left alone.
  2. A request for a person (human_handoff) stays one when it says so in words
     (PERSON_WORDS: "advisor", "human", "人工", "orang"...) or DIET is sure of it
     (confidence >= handoff_confidence). Otherwise a strong knowledge hit wins.
  3. help, bot_challenge: a strong knowledge hit wins in a message of three words
     or more; a real "what can you do?" or "are you a bot?" has none, because the
     library says nothing of the kind.
  4. greet, thank, goodbye, affirm, deny: clearly conversational when short; a
     message of min_words words or more with a strong hit asks something too
     ("yes, and how do I price for export?").
  5. out_of_scope and nlu_fallback (DIET unsure): any hit above the no-answer
     threshold wins.
"Wins" means the intent becomes the topic intent DIET ranks highest (finance,
digital, export or APEC), and `knowledge.routed_from` keeps the intent it replaced;
the rules then send it to action_answer_question like any topic question. A
strong hit is one the library answers with a strength (dense score plus shared
words, SearchResult.strength) at least the language's routing threshold,
calibrated so that 97% of the conversational messages of the training data stay
below it (eval/retrieval.py --calibrate, knowledge/calibration.json). APEC's own
texts speak of "helping small businesses" in general terms that "what can you
help me with?" or "thanks for the help" also match: a hit on them is strong
evidence only when the message names APEC or its ministers.
"""
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME as NLU_FALLBACK
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.sentence_embedding_featurizer import EMBEDDING
from knowledge.config import MAX_QUERY_CHARS
from knowledge.search import STATEMENT_CUES
from knowledge.service import KnowledgeUnavailable, service

logger = logging.getLogger(__name__)

KNOWLEDGE = "knowledge"
TOPIC_INTENTS = ("finance_access", "digital_transformation", "export_readiness", "apec_cooperation")
TOPIC_INTENT_OF = {"finance": "finance_access", "digital": "digital_transformation", "export": "export_readiness",
                   "apec": "apec_cooperation"}
# Words that ask for a person, in each language (lower case; matched as words, or anywhere in zh/th).
PERSON_WORDS = {
    "en": r"human|someone|somebody|advisor|adviser|agent|staff|consultant|operator|representative|real person|"
          r"call me|call back|callback|talk to|speak to|speak with|contact me|officer",
    "es": r"humano|una persona|alguien|asesor|asesora|agente|ejecutivo|ejecutiva|operador|llámenme|llamenme|"
          r"llámame|llamame|hablar con|contáctenme|contactenme|funcionario",
    "id": r"manusia|petugas|konsultan|admin|customer service|operator|telepon saya|telpon saya|hubungi saya|"
          r"bicara dengan|ngobrol (?:sama|dengan) orang|staf|pendamping|orang asli",
    "ms": r"manusia|pegawai|penasihat|perunding|ejen|admin|operator|telefon saya|hubungi saya|"
          r"(?:ber)?cakap dengan|staf|kakitangan|orang sebenar",
    "vi": r"người thật|nguoi that|nhân viên|nhan vien|tư vấn viên|tu van vien|chuyên viên|chuyen vien|"
          r"chuyên gia|chuyen gia|gọi cho tôi|goi cho toi|gọi lại|goi lai|gặp người|gap nguoi|"
          r"nói chuyện với|noi chuyen voi",
    "zh": r"人工|真人|客服|顾问|专员|工作人员|联系我|打电话|回电|找人",
    "th": r"คนจริง|เจ้าหน้าที่|พนักงาน|ที่ปรึกษา|แอดมิน|ติดต่อกลับ|โทรกลับ|โทรหา|ผู้เชี่ยวชาญ|คุยกับคน",
    "ja": r"担当者|担当の方|人間|スタッフ|オペレーター|相談員|専門家|窓口の人|電話して|折り返し|人と話",
    "ko": r"상담원|상담사|담당자|사람이랑|사람과|사람하고|직원|전문가|전화\s*주세요|연락\s*주세요|실제 사람",
    "ru": r"живым человеком|живой человек|с человеком|оператор\w*|консультант\w*|специалист\w*|менеджер\w*|"
          r"сотрудник\w*|позвоните|перезвоните|свяжитесь со мной",
    "fil": r"totoong tao|tunay na tao|ahente|empleyado|staff|tauhan|tawagan (?:mo|niyo|nyo|ninyo) (?:po )?ako|"
           r"makausap|kausapin",
    "zh-Hant": r"人工|真人|客服|顧問|專員|工作人員|聯絡我|聯繫我|打電話|回電|找人|搵人|真係人",
}
# Chinese, Thai, Japanese and Korean words are matched anywhere: no spaces mark word ends
# there, and Korean attaches particles to them (상담원이랑).
_PERSON = {language: re.compile(rf"(?<!\w)(?:{words})(?!\w)" if language not in ("zh", "zh-Hant", "th", "ja", "ko")
                                else words, re.IGNORECASE) for language, words in PERSON_WORDS.items()}


def asks_for_a_person(text: str, language: Optional[str]) -> bool:
    """True when ``text`` names a person to talk to, in its language or in English."""
    return any(pattern.search(text) for pattern in (_PERSON.get(language), _PERSON["en"]) if pattern)


_UNSPACED = r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u9FFF]"


def word_count(text: str) -> int:
    """Words; in Chinese, Japanese and Thai, which write no spaces, about one per two characters."""
    cjk = len(re.findall(_UNSPACED, text))
    return len(re.findall(r"[^\W\d_]+", re.sub(_UNSPACED, " ", text))) + cjk // 2


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class KnowledgeRouter(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "k": 5,  # hits kept in the parse data for the action to answer from
            "keep_intents": ["change_language", "unsupported_language"],
            "strong_hit_intents": ["help", "bot_challenge", "inform_economy"],
            "conversational_intents": ["greet", "thank", "goodbye", "affirm", "deny"],
            "any_hit_intents": ["out_of_scope", NLU_FALLBACK],
            "handoff_intent": "human_handoff",
            "handoff_confidence": 0.9,
            "min_question_words": 3,  # fewer words than this ask nothing of the library ("ayuda")
            "min_words": 5,  # a greeting, thanks or yes/no this long may carry a question
            # Used where no routing threshold is calibrated: the no-answer threshold plus this.
            "strong_margin": 0.03,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config
        try:  # load the encoder and index now, at start-up, not on the first message
            service.searcher()
        except KnowledgeUnavailable:
            pass  # logged; messages are routed on the intent alone until the index appears
        service.watch()  # a rebuilt index (a console upload) is loaded without waiting for a message

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "KnowledgeRouter":
        return cls(config)

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        for message in messages:
            text = (message.get(TEXT) or "").strip()
            if not text or text.startswith("/"):
                continue  # a button's payload says exactly what it wants
            evidence = self._evidence(message, text)
            if evidence is not None:
                self._route(message, text, evidence)
                message.set(KNOWLEDGE, evidence, add_to_output=True)
        return messages

    def _evidence(self, message: Message, text: str) -> Optional[Dict[str, Any]]:
        try:
            searcher = service.searcher()
        except KnowledgeUnavailable:
            return None
        language = (message.get("language_detection") or {}).get("reply_language") or "en"
        vector = message.get(EMBEDDING)
        if vector is None:  # a pipeline without our featurizer
            vector = searcher.encoder.encode_queries([text[:MAX_QUERY_CHARS]])[0]
        result = searcher.search_vector(vector, text, language, self._config["k"])
        best = result.best_score
        return {
            "index": searcher.index_id,
            "language": language,
            "answered": result.answered,
            "score": round(best, 4) if best is not None else None,
            "lexical": round(result.best_lexical, 3),
            "strength": round(result.strength, 4) if best is not None else None,
            "threshold": result.threshold,
            "strong": searcher.thresholds.route_for(language, self._config["strong_margin"]),
            "hits": [{"chunk": hit.chunk, "score": round(hit.score, 4), "lexical": round(hit.lexical, 3)}
                     for hit in result.hits],
            "topic": result.hits[0].topic if result.hits else None,
        }

    def _route(self, message: Message, text: str, evidence: Dict[str, Any]) -> None:
        intent = message.get(INTENT) or {}
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        config = self._config
        score = evidence["score"] if evidence["score"] is not None else -1.0
        strength = evidence["strength"] if evidence["strength"] is not None else -1.0
        strong = (evidence["answered"] and evidence["strong"] is not None and strength >= evidence["strong"]
                  and (evidence["topic"] != "apec" or bool(STATEMENT_CUES.search(text))))
        language = evidence["language"]
        if name in config["keep_intents"] or name in TOPIC_INTENTS:
            return
        if name == config["handoff_intent"]:
            explicit = asks_for_a_person(text, language) or confidence >= config["handoff_confidence"]
            wins = strong and not explicit
        elif name in config["strong_hit_intents"]:
            wins = strong and word_count(text) >= config["min_question_words"]
        elif name in config["conversational_intents"]:
            wins = strong and word_count(text) >= config["min_words"]
        elif name in config["any_hit_intents"]:
            wins = evidence["answered"]
        else:
            wins = False
        if wins:
            topic = self._topic_intent(message, evidence)
            evidence["routed_from"] = name
            message.set(INTENT, {"name": topic, "confidence": confidence}, add_to_output=True)
            logger.debug("Routed %r from %s to %s (knowledge score %.3f)", text[:80], name, topic, score)

    @staticmethod
    def _topic_intent(message: Message, evidence: Dict[str, Any]) -> str:
        """The topic intent DIET ranks highest; without one, the best hit's topic."""
        for entry in message.get(INTENT_RANKING_KEY) or []:
            if entry.get("name") in TOPIC_INTENTS:
                return entry["name"]
        return TOPIC_INTENT_OF.get(evidence.get("topic"), "finance_access")
