"""A first guess at a phone user's language from their country calling code.

WhatsApp tells us a sender's number (with its country code, e.g. 6281234...)
but not their language. Before a conversation has a language of its own, the
number's economy (knowledge/economy_detection.py, the one calling-code table)
is a better guess than English for the channel's notices.
A guess only: many Malaysians write in English or Chinese, so the language
the user actually writes in (the conversation's `language` slot) comes first.
"""
from typing import Optional

from knowledge.economy_detection import economy_of_number

# APEC economies whose main written language is one of ours other than English. The
# Philippines is left out: owners there write English as much as Filipino.
LANGUAGE_BY_ECONOMY = {
    "PE": "es", "MX": "es", "CL": "es", "MY": "ms", "ID": "id", "TH": "th", "VN": "vi",
    "CN": "zh", "HK": "zh-Hant", "TW": "zh-Hant", "JP": "ja", "KR": "ko", "RU": "ru",
}


def language_of_number(number: Optional[str]) -> Optional[str]:
    """The language guessed from an international number ("+62 812..." or "62812..."), else None."""
    return LANGUAGE_BY_ECONOMY.get(economy_of_number(number))
