"""Language identification restricted to the languages the project knows.

lingua is accurate on short text and is told to choose only among our
languages, so a Malay sentence is never labelled, say, Tagalog-adjacent noise.
"""
from functools import lru_cache
from typing import Optional

from .config import KNOWN_LANGUAGES

# Our ISO 639-1 codes to lingua's names; lingua calls Filipino "Tagalog".
_LINGUA_NAMES = {
    "en": "ENGLISH", "es": "SPANISH", "zh": "CHINESE", "id": "INDONESIAN",
    "ms": "MALAY", "vi": "VIETNAMESE", "th": "THAI", "ja": "JAPANESE",
    "ko": "KOREAN", "ru": "RUSSIAN", "fil": "TAGALOG",
}
_CODES = {name: code for code, name in _LINGUA_NAMES.items()}


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, _LINGUA_NAMES[code]) for code in KNOWN_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str, min_confidence: float = 0.0) -> Optional[str]:
    """The most likely of our language codes for ``text``, or None when unsure."""
    if not text or not text.strip():
        return None
    confidences = _detector().compute_language_confidence_values(text)
    if not confidences or confidences[0].value < min_confidence:
        return None
    return _CODES[confidences[0].language.name]
