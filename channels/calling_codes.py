"""A first guess at a phone user's language from their country calling code.

WhatsApp tells us a sender's number (with its country code, e.g. 6281234...)
but not their language. Before a conversation has a language of its own, the
number's economy is a better guess than English for the channel's notices.
A guess only: many Malaysians write in English or Chinese, so the language
the user actually writes in (the conversation's `language` slot) comes first.
"""
from typing import Optional

# APEC economies whose main language is a first-wave language other than English.
# E.164 calling codes are prefix-free, so at most one of these starts a number.
LANGUAGE_BY_CALLING_CODE = {
    "51": "es",   # Peru
    "52": "es",   # Mexico
    "56": "es",   # Chile
    "60": "ms",   # Malaysia
    "62": "id",   # Indonesia
    "66": "th",   # Thailand
    "84": "vi",   # Viet Nam
    "86": "zh",   # China
    "852": "zh",  # Hong Kong, China
    "886": "zh",  # Chinese Taipei
}


def language_of_number(number: Optional[str]) -> Optional[str]:
    """The language guessed from an international number ("+62 812..." or "62812..."), else None."""
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    return next((language for code, language in LANGUAGE_BY_CALLING_CODE.items() if digits.startswith(code)), None)
