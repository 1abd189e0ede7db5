"""Works out which language each message is in, and whether the user asked to switch.

Runs after the intent classifiers. For every message it adds `language_detection`
to the parse data: the detected language, how reliable and how decisive the
evidence is, any locale or locale hint the channel sent in the message metadata,
and `reply_language`, the language the reply will be in, decided with the
conversation's current language (knowledge.language.resolve_language). The
knowledge router searches in that language, and components/language_policy.py
keeps the `language` slot in step with it, in the Rasa process.

It also handles what DIET cannot:
  - "/lang vi" (a command, not an intent payload) becomes change_language;
  - for change_language, the language the user names ("answer in Thai",
    "用英文回答") is added as a `language` entity;
  - a message reliably in a language we do not support (French, Arabic...)
    becomes `unsupported_language`, whatever DIET guessed from words it never saw;
  - and the other way round: DIET may take a Spanish question for the Portuguese
    or Italian of its unsupported_language examples; when the text is reliably in
    a language we support, the next intent in DIET's ranking is used instead, or
    nlu_fallback (a knowledge search) when that one is unsure too.
"""
import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME as NLU_FALLBACK
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge.language import detect, language_code, locale_language, reply_language

LANGUAGE_SLOT = "language"
CHANGE_LANGUAGE = "change_language"
UNSUPPORTED_LANGUAGE = "unsupported_language"
_COMMAND = re.compile(r"^\s*/(?:lang|language)\s+([A-Za-z-]{2,10})\s*$", re.IGNORECASE)

# How people name our languages, in each of them. Longer names are tried first
# so "bahasa malaysia" wins over "malaysia" and "tiếng việt" over "việt".
LANGUAGE_NAMES: Dict[str, List[str]] = {
    "en": ["english", "inglés", "ingles", "英文", "英语", "英語", "inggris", "inggeris", "tiếng anh", "tieng anh",
           "ภาษาอังกฤษ", "อังกฤษ", "영어", "английский", "английском", "по-английски", "по английски"],
    "es": ["spanish", "español", "espanol", "castellano", "西班牙语", "西班牙文", "西班牙語", "spanyol", "sepanyol",
           "tiếng tây ban nha", "tieng tay ban nha", "ภาษาสเปน", "สเปน", "スペイン語", "스페인어", "испанский",
           "испанском", "по-испански", "kastila", "espanyol"],
    "zh": ["chinese", "mandarin", "chino", "mandarín", "中文", "汉语", "漢語", "普通话", "华语", "简体中文", "简体字",
           "简体", "簡體中文", "簡體", "cina", "tionghoa", "tiếng trung", "tieng trung", "tiếng hoa", "tieng hoa",
           "ภาษาจีน", "จีน", "中国語", "簡体字", "중국어", "간체", "китайский", "китайском", "по-китайски", "intsik",
           "tsino", "wikang tsino", "simplified chinese"],
    "zh-Hant": ["traditional chinese", "繁體中文", "繁体中文", "繁體字", "繁体字", "繁體", "繁体", "正體中文", "正體字",
                "廣東話", "广东话", "粵語", "粤语", "cantonese", "chino tradicional", "cina tradisional",
                "mandarin tradisional", "tiếng trung phồn thể", "tieng trung phon the", "phồn thể", "phon the",
                "จีนตัวเต็ม", "繁体中国語", "広東語", "번체", "번체 중국어", "광둥어", "традиционный китайский",
                "традиционном китайском", "кантонский"],
    "id": ["indonesian", "bahasa indonesia", "indonesio", "印尼语", "印度尼西亚语", "印尼語", "印尼文",
           "tiếng indonesia",
           "tieng indonesia", "tiếng indo", "ภาษาอินโดนีเซีย", "อินโดนีเซีย", "indonesia", "インドネシア語",
           "인도네시아어", "индонезийский", "индонезийском"],
    "ms": ["malay", "bahasa malaysia", "bahasa melayu", "malayo", "马来语", "马来文", "馬來語", "馬來文", "melayu",
           "tiếng mã lai", "tieng ma lai", "tiếng malaysia", "ภาษามาเลย์", "มาเลย์", "malaysia", "マレー語",
           "말레이어", "малайский", "малайском"],
    "vi": ["vietnamese", "vietnamita", "越南语", "越南文", "越南語", "bahasa vietnam", "tiếng việt", "tieng viet",
           "ภาษาเวียดนาม", "เวียดนาม", "vietnam", "ベトナム語", "베트남어", "вьетнамский", "вьетнамском"],
    "th": ["thai", "tailandés", "tailandes", "泰语", "泰文", "泰語", "bahasa thai", "bahasa thailand", "tiếng thái",
           "tieng thai", "ภาษาไทย", "ไทย", "thailand", "タイ語", "태국어", "тайский", "тайском"],
    "ja": ["japanese", "japonés", "japones", "日语", "日文", "日語", "日本語", "にほんご", "bahasa jepang", "jepang",
           "bahasa jepun", "jepun", "tiếng nhật", "tieng nhat", "ภาษาญี่ปุ่น", "ญี่ปุ่น", "일본어", "японский",
           "японском", "по-японски", "hapon", "nihongo"],
    "ko": ["korean", "coreano", "韩语", "韩文", "韓語", "韓文", "韓国語", "朝鮮語", "한국어", "한국말", "한글",
           "bahasa korea", "tiếng hàn", "tieng han", "ภาษาเกาหลี", "เกาหลี", "корейский", "корейском",
           "по-корейски", "koreano"],
    "ru": ["russian", "ruso", "俄语", "俄文", "俄語", "bahasa rusia", "tiếng nga", "tieng nga", "ภาษารัสเซีย",
           "รัสเซีย", "ロシア語", "러시아어", "русский", "русском", "по-русски", "по русски", "rusia"],
    "fil": ["filipino", "tagalog", "pilipino", "wikang filipino", "tagalo", "菲律宾语", "他加禄语", "菲律賓語",
            "他加祿語", "bahasa filipina", "bahasa tagalog", "tiếng philippines", "tieng philippines",
            "tiếng tagalog", "ภาษาฟิลิปปินส์", "ภาษาตากาล็อก", "フィリピン語", "タガログ語", "필리핀어",
            "타갈로그어", "филиппинский", "тагальский"],
}
_NAME_PATTERNS = sorted(
    ((name, code) for code, names in LANGUAGE_NAMES.items() for name in names), key=lambda item: -len(item[0]))


def requested_language(text: str) -> Optional[str]:
    """The language named in ``text``; the last one when several are ("not English, Thai please")."""
    lowered = text.lower()
    found = []
    taken = [False] * len(lowered)
    for name, code in _NAME_PATTERNS:
        for match in re.finditer(re.escape(name), lowered):
            start, end = match.span()
            spaced = not name.isascii() or (
                (start == 0 or not lowered[start - 1].isalnum())
                and (end == len(lowered) or not lowered[end].isalnum()))
            if spaced and not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append((start, code))
    return max(found)[1] if found else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # An unsupported language must be this sure, over at least this many words,
        # before it overrides DIET: "Incoterms FOB CIF" must not read as French.
        # Below fallback_threshold a demoted unsupported_language becomes nlu_fallback (as FallbackClassifier's).
        return {"unsupported_min_confidence": 0.6, "unsupported_min_words": 3, "fallback_threshold": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageDetector":
        return cls(config)

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        # Rasa passes the conversation's tracker when it parses a message for a conversation.
        current = tracker.get_slot(LANGUAGE_SLOT) if tracker is not None and LANGUAGE_SLOT in tracker.slots else None
        for message in messages:
            self._process_one(message, current)
        return messages

    def _process_one(self, message: Message, current: Optional[str]) -> None:
        text = message.get(TEXT) or ""
        # "/finance_access" or '/change_language{"language": "th"}' is a button's payload, not words.
        detection = detect("" if text.startswith("/") and not _COMMAND.match(text) else text)
        command = _COMMAND.match(text)
        requested = None
        if command:
            requested = language_code(command.group(1))
            self._set_intent(message, CHANGE_LANGUAGE)
        elif (message.get(INTENT) or {}).get("name") == CHANGE_LANGUAGE:
            requested = requested_language(text)
            if requested == "zh" and detection.language == "zh-Hant":
                requested = "zh-Hant"  # "請用中文" asks for Chinese in the script it is written in
        elif self._reliably_unsupported(detection, text):
            self._set_intent(message, UNSUPPORTED_LANGUAGE)
        elif ((message.get(INTENT) or {}).get("name") == UNSUPPORTED_LANGUAGE
              and detection.reliable and detection.supported):
            self._demote_unsupported(message)
        if requested:
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != "language"]
            entities.append({"entity": "language", "value": requested, "extractor": self.__class__.__name__,
                             "confidence_entity": 1.0})
            message.set(ENTITIES, entities, add_to_output=True)
        found = {
            "language": detection.language,
            "confidence": detection.confidence,
            "reliable": detection.reliable,
            "decisive": detection.decisive,
            "supported": detection.supported,
            "alternatives": list(detection.alternatives),
            "locale": locale_language(message.get("metadata")),
            # A messenger app's UI language (Telegram's language_code): weaker than a locale,
            # used only for a first message too short to tell.
            "locale_hint": locale_language(message.get("metadata"), keys=("locale_hint",)),
            "requested": requested,
        }
        found["reply_language"] = reply_language(current, {"language_detection": found,
                                                           "entities": message.get(ENTITIES, [])})
        message.set("language_detection", found, add_to_output=True)

    def _reliably_unsupported(self, detection, text: str) -> bool:
        if not detection.reliable or detection.supported or detection.language is None:
            return False
        if detection.confidence < self._config["unsupported_min_confidence"]:
            return False
        words = len(text.split())
        script_based = detection.language == "other"  # Arabic, Devanagari...: no Latin words to misread
        return script_based or words >= self._config["unsupported_min_words"]

    def _demote_unsupported(self, message: Message) -> None:
        ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or []
                   if entry.get("name") not in (UNSUPPORTED_LANGUAGE, NLU_FALLBACK)]
        if ranking and ranking[0].get("confidence", 0.0) >= self._config["fallback_threshold"]:
            message.set(INTENT, ranking[0], add_to_output=True)
        else:
            self._set_intent(message, NLU_FALLBACK)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
