"""Lexical matching beside the dense vectors: BM25 over each language's chunks.

The small multilingual encoder finds paraphrases but blurs names and chat words
it never learnt (QRIS, KUR, FOGAPE, pinjol, "ko dc"); exact words find them. Each
language gets its own BM25 index (bm25s) over the chunks written in it, each
with its title, heading and the readers' questions filed under it. Tokens:

  - Russian: words cut to their Snowball stems first (case and number endings);
  - Latin-script languages: lower case, diacritics folded (Vietnamese is often
    typed without them, and a Spanish "credito" must meet "crédito"), chat
    abbreviations spelt out; Vietnamese also gets syllable pairs, because its
    words are mostly two syllables ("ngan hang" is one word: bank);
  - Chinese (either script), Japanese and Korean: overlapping character pairs,
    the usual way to index these languages without a word dictionary (Korean
    has spaces, but attaches particles to its words: 대출을, 대출은);
  - Thai: words from PyThaiNLP's dictionary segmenter (newmm), Thai having no
    spaces between words.
"""
import re
import threading
import unicodedata
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from .language import fold_diacritics

# Chat spellings a reader types, and the words an article uses for them.
CHAT_WORDS: Dict[str, Dict[str, str]] = {
    "en": {"biz": "business", "govt": "government", "gov": "government", "pls": "please", "plz": "please",
           "thx": "thanks", "u": "you", "ur": "your", "r": "are", "bc": "because", "coz": "because",
           "cuz": "because", "w": "with", "wo": "without", "info": "information", "docs": "documents",
           "doc": "document", "sme": "small business", "smes": "small businesses", "msme": "small business",
           "msmes": "small businesses", "ecommerce": "e commerce", "fb": "facebook", "ig": "instagram",
           "pos": "point of sale", "ppl": "people", "yrs": "years", "yr": "year", "mths": "months"},
    "es": {"q": "que", "xq": "porque", "pq": "porque", "tb": "tambien", "tmb": "tambien", "x": "por",
           "d": "de", "pyme": "pymes", "mipyme": "pymes", "mipymes": "pymes", "emprendimiento": "negocio",
           "info": "informacion", "k": "que"},
    "id": {"sy": "saya", "sya": "saya", "gw": "saya", "gue": "saya", "aku": "saya", "gmn": "bagaimana",
           "gimana": "bagaimana", "gmna": "bagaimana", "yg": "yang", "utk": "untuk", "dgn": "dengan",
           "dg": "dengan", "dr": "dari", "tp": "tapi", "bs": "bisa", "ga": "tidak", "gak": "tidak",
           "nggak": "tidak", "enggak": "tidak", "tdk": "tidak", "udh": "sudah", "udah": "sudah", "sdh": "sudah",
           "blm": "belum", "krn": "karena", "krna": "karena", "jd": "jadi", "trs": "terus", "lg": "lagi",
           "pdhl": "padahal", "bgt": "banget", "aja": "saja", "kalo": "kalau", "klo": "kalau", "kl": "kalau",
           "hrs": "harus", "dlm": "dalam", "sm": "sama", "pinjol": "pinjaman online", "olshop": "toko online",
           "ongkir": "ongkos kirim", "umkm": "usaha kecil", "ukm": "usaha kecil", "duit": "uang",
           "modal": "modal", "tf": "transfer", "brp": "berapa", "knp": "kenapa", "mksd": "maksud"},
    "ms": {"sy": "saya", "sya": "saya", "aku": "saya", "nk": "nak", "xde": "tiada", "takde": "tiada",
           "tak": "tidak", "x": "tidak", "tk": "tidak", "mcm": "macam", "camne": "bagaimana",
           "macamana": "bagaimana", "mcmana": "bagaimana", "mne": "mana", "yg": "yang", "utk": "untuk",
           "dgn": "dengan", "dr": "dari", "tp": "tapi", "blh": "boleh", "bleh": "boleh", "dah": "sudah",
           "dh": "sudah", "blm": "belum", "krn": "kerana", "sbb": "sebab", "jd": "jadi", "lg": "lagi",
           "je": "sahaja", "jer": "sahaja", "ckp": "cakap", "org": "orang", "pks": "perusahaan kecil",
           "pmks": "perusahaan kecil", "sme": "perusahaan kecil", "duit": "wang", "kedai": "kedai",
           "tq": "terima kasih", "bz": "sibuk", "dlm": "dalam", "sgt": "sangat", "brp": "berapa"},
    "vi": {"ko": "khong", "k": "khong", "kh": "khong", "hok": "khong", "khum": "khong", "dc": "duoc",
           "dk": "duoc", "ntn": "nhu the nao", "j": "gi", "z": "vay", "v": "vay", "mik": "minh",
           "mn": "moi nguoi", "ng": "nguoi", "nc": "nuoc", "sp": "san pham", "dn": "doanh nghiep",
           "dnnvv": "doanh nghiep nho va vua", "hkd": "ho kinh doanh", "nh": "ngan hang",
           "tmdt": "thuong mai dien tu", "bik": "biet", "bt": "biet", "vs": "voi", "ik": "di", "ak": "a",
           "r": "roi", "oy": "roi", "cx": "cung", "ns": "noi", "lm": "lam", "tr": "trieu", "tỷ": "ty"},
    "ru": {"ип": "индивидуальный предприниматель", "ооо": "общество", "мсп": "малый бизнес",
           "спс": "спасибо", "пж": "пожалуйста", "плз": "пожалуйста", "инфа": "информация", "комм": "коммерческий",
           "вэд": "внешнеэкономическая деятельность", "эцп": "электронная подпись", "кэп": "электронная подпись"},
    "fil": {"pano": "paano", "panu": "paano", "nmn": "naman", "lng": "lang", "kc": "kasi", "kse": "kasi",
            "d": "hindi", "di": "hindi", "hnd": "hindi", "pwd": "puwede", "pwde": "puwede", "pwede": "puwede",
            "yng": "yung", "ung": "yung", "sna": "sana", "tlga": "talaga", "nd": "hindi", "msme": "maliit na negosyo",
            "biz": "negosyo", "ty": "salamat", "tnx": "salamat", "mgkano": "magkano", "san": "saan"},
}
# Very frequent words add nothing to BM25 but noise on short questions.
STOP_WORDS: Dict[str, set] = {
    "en": set("a an the is are am was were be been to of in on at for with and or but i you we my our your "
              "it this that do does how what can could should would will me us there any some".split()),
    "es": set("el la los las de del que y en por para con un una es son mi mis tu su me se lo al como "
              "pero o si no".split()),
    "id": set("yang di ke dan ini itu saya untuk dengan ada apa dari pada juga atau kalau sih ya kah dong "
              "nya deh kok".split()),
    "ms": set("yang di ke dan ini itu saya untuk dengan ada apa dari pada juga atau kalau ke lah kah ya "
              "nak".split()),
    "vi": set("la va cua co cho toi minh ban em anh chi thi ma o a nhe nha ha oi a".split()),
    "zh": set(),
    "ru": set("и в во не что на я с со как а то все так но да к у же вы за бы по только мне вот от меня еще "
              "ещё нет о из ему когда ли если уже или ни быть был до вас там потом себя ей может они тут где есть "
              "надо для мы их чем сам без чего тоже себе под будет кто этот того потому этого какой можно при "
              "об после над больше тот через эти нас про всего них какая много мой моя мои наш наша".split()),
    "fil": set("ang ng mga sa si ni po ko mo ako ba na pa lang din rin naman kasi yung ito at ay ka kami "
               "namin natin tayo kayo sila niya nila ba ho".split()),
    "th": set("ครับ ค่ะ คะ นะ จ้า ค่า ที่ และ ของ ใน ได้ ไหม มั้ย บ้าง หน่อย".split()),
}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Han characters, kana and Hangul syllables: indexed as character pairs.
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
_THAI = re.compile(r"[\u0e00-\u0e7f]+")


@lru_cache(maxsize=1)
def _thai_segmenter():
    from pythainlp.tokenize import word_tokenize  # loads its dictionary once (about a second)

    return word_tokenize


def thai_words(text: str) -> List[str]:
    """Thai text cut into words (PyThaiNLP's dictionary segmenter), spaces dropped."""
    return [word for word in _thai_segmenter()(text, engine="newmm", keep_whitespace=False) if word.strip()]


@lru_cache(maxsize=1)
def _russian_stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


def _latin_tokens(text: str, language: str) -> List[str]:
    lowered = text.lower()
    if language == "ru":  # Russian words change their endings with case and number: кредит, кредита, кредиты
        lowered = " ".join(_russian_stemmer().stemWords(_WORD.findall(lowered)))
    words = _WORD.findall(fold_diacritics(lowered))
    chat = CHAT_WORDS.get(language, {})
    expanded = [part for word in words for part in chat.get(word, word).split()]
    stop = {fold_diacritics(word) for word in STOP_WORDS.get(language, ())}
    tokens = [word for word in expanded if word not in stop]
    if language == "vi":  # syllable pairs stand for the two-syllable words
        tokens += [f"{first}_{second}" for first, second in zip(expanded, expanded[1:], strict=False)]
    return tokens


def tokenize(text: str, language: Optional[str]) -> List[str]:
    """BM25 tokens for ``text`` written in ``language`` (mixed scripts are each handled)."""
    text = unicodedata.normalize("NFKC", text or "")
    tokens: List[str] = []
    if _HAN.search(text):
        for run in _HAN.findall(text):
            tokens += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        text = _HAN.sub(" ", text)
    if _THAI.search(text):
        stop = STOP_WORDS["th"]
        for run in _THAI.findall(text):
            tokens += [word for word in thai_words(run) if word not in stop]
        text = _THAI.sub(" ", text)
    tokens += _latin_tokens(text, language if language in CHAT_WORDS else "en")
    return tokens


class LexicalIndex:
    """One BM25 index per language over documents given as (key, language, text)."""

    def __init__(self, documents: Iterable[Tuple[int, str, str]]):
        import bm25s

        by_language: Dict[str, Tuple[List[int], List[List[str]]]] = {}
        for key, language, text in documents:
            keys, corpus = by_language.setdefault(language, ([], []))
            keys.append(key)
            corpus.append(tokenize(text, language) or ["\u2205"])  # bm25s needs a token per document
        self._indexes = {}
        for language, (keys, corpus) in by_language.items():
            retriever = bm25s.BM25()
            retriever.index(corpus, show_progress=False)
            self._indexes[language] = (np.asarray(keys), retriever)
        self._lock = threading.Lock()

    @property
    def languages(self) -> Sequence[str]:
        return tuple(self._indexes)

    def scores(self, query: str, language: str) -> Tuple[np.ndarray, np.ndarray]:
        """(document keys, BM25 scores) of every document in ``language``, for ``query``."""
        if language not in self._indexes:
            return np.zeros(0, dtype=int), np.zeros(0, dtype=np.float32)
        keys, retriever = self._indexes[language]
        tokens = tokenize(query, language)
        with self._lock:  # bm25s keeps per-call state in its retriever
            scores = retriever.get_scores(tokens) if tokens else np.zeros(len(keys), dtype=np.float32)
        return keys, np.asarray(scores, dtype=np.float32)
