"""Which language is a piece of text in? Used by ingestion, the NLU pipeline and the actions.

The script decides first: Thai, Chinese, Japanese, Korean and Cyrillic text
needs no statistics. Any kana makes a message Japanese; without kana, the
Japanese-only forms of kanji (売, 続, 円...) do, and otherwise characters that
exist in only one Chinese script tell Simplified (zh) from Traditional
(zh-Hant). Text whose characters are common to all of them keeps the
conversation's language (see `alternatives`). Latin-script text goes to lingua, told to choose only
among our languages plus the common ones people may write in (so French is
recognised as French, an unsupported language, rather than forced into
Spanish). Vietnamese letters settle Vietnamese, and marker words separate
Malay from Indonesian, which lingua often cannot tell apart.

A detection is `reliable` when the text carries enough evidence to change a
conversation's language: a 1-2 word message ("ok", "Maria", "12345") usually
does not, unless it is a greeting or thanks listed in SHORT_PHRASES.
"""
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, Optional, Tuple

from zhon import cedict

from .config import LANGUAGES

# Our codes to lingua's names (lingua calls Filipino "Tagalog").
_LINGUA_NAMES = {
    "en": "ENGLISH", "es": "SPANISH", "id": "INDONESIAN", "ms": "MALAY", "vi": "VIETNAMESE",
    "fil": "TAGALOG", "fr": "FRENCH", "de": "GERMAN", "pt": "PORTUGUESE", "it": "ITALIAN",
}
_CODES = {name: code for code, name in _LINGUA_NAMES.items()}

# Greetings and thanks that settle the language on their own; "id|ms" means either.
SHORT_PHRASES = {
    "hi": "en", "hello": "en", "hey": "en", "thanks": "en", "thank you": "en", "bye": "en",
    "goodbye": "en", "good morning": "en", "good afternoon": "en", "good evening": "en", "help": "en",
    "hola": "es", "gracias": "es", "muchas gracias": "es", "adiós": "es", "adios": "es", "chao": "es",
    "ayuda": "es", "buenos días": "es", "buenos dias": "es", "buenas tardes": "es", "buenas noches": "es",
    "halo": "id", "makasih": "id", "selamat siang": "id", "selamat sore": "id", "bantuan": "id",
    "apa khabar": "ms", "selamat petang": "ms", "selamat tengah hari": "ms", "jumpa lagi": "ms",
    "terima kasih": "id|ms", "selamat pagi": "id|ms", "selamat malam": "id|ms", "tolong": "id|ms",
    "xin chao": "vi", "cam on": "vi", "tam biet": "vi",
    "salamat": "fil", "kumusta": "fil", "salamat po": "fil", "maraming salamat": "fil", "paalam": "fil",
    "magandang umaga": "fil", "magandang hapon": "fil", "magandang gabi": "fil", "tulong": "fil",
    "kamusta": "fil", "mabuhay": "fil", "opo": "fil", "sige": "fil", "sige po": "fil",
    "bonjour": "fr", "merci": "fr", "danke": "de", "obrigado": "pt",
}
# Words common in one of Malay / Indonesian and rare in the other.
_MALAY_MARKERS = {
    "nak", "pasal", "kerana", "sahaja", "wang", "syarikat", "pejabat", "perniagaan", "kerajaan",
    "bagaimanakah", "macam", "tak", "dah", "percuma", "kat", "awak", "ringgit", "pks", "pmks",
    "cukai", "insurans", "talian", "boleh", "sebab", "kenderaan", "bil", "perkhidmatan", "mahu",
    "je", "jer", "tq", "rm", "inda", "duitnow", "guna", "kedai", "ni", "camne", "xde", "takde",
}
_INDONESIAN_MARKERS = {
    "mau", "bisa", "karena", "saja", "uang", "perusahaan", "kantor", "gimana", "nggak", "gak", "enggak",
    "banget", "umkm", "ukm", "rupiah", "pajak", "asuransi", "daring", "dong", "kok", "aja", "sih",
    "pinjol", "lewat", "tapi", "jualan", "toko",
}
# Letters only Vietnamese uses (â, ê, ô alone are French and Portuguese too).
_VIETNAMESE_LETTERS = re.compile(
    "[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# Vietnamese typed without diacritics ("ban co the giup toi khong") has no letter that
# gives it away, and lingua cannot place it. Three tests together recognise it:
#   1. nearly every word is a well-formed Vietnamese syllable (onset + vowels + final),
#      which "bank", "help", "feria" or "exportacion" are not;
#   2. at least half the words are frequent Vietnamese syllables;
#   3. at least one is distinctively Vietnamese: "can", "the", "la", "de" or "a" are
#      syllables too, but also everyday English, Spanish or Malay words.
_VI_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_VI_VOWELS = ("a e i o u y ai ao au ay eo eu ia ie iu oa oe oi oo ua ue ui uo uu uy ya ye "
              "ieu yeu oai oay oao oeo uay uoi uou uya uye uyu").split()
_VI_FINAL = r"(?:ng|nh|ch|[cmnpt])?"
_VI_SYLLABLE = re.compile(
    rf"^{_VI_ONSET}(?:{'|'.join(sorted(_VI_VOWELS, key=len, reverse=True))}){_VI_FINAL}$")
_VIETNAMESE_SYLLABLES = {  # frequent, as typed without diacritics, chat abbreviations included
    "khong", "duoc", "nhung", "nhu", "nao", "cua", "toi", "minh", "doanh", "nghiep", "ngan", "hang",
    "vay", "von", "xuat", "khau", "thue", "lam", "gi", "sao", "bao", "nhieu", "co", "voi", "trong",
    "nguoi", "viec", "hoi", "can", "giup", "ban", "tien", "the", "thi", "la", "va", "de",
    "cho", "mot", "cac", "nhe", "a", "oi", "ve", "nay", "kinh", "cong", "ty", "mua", "tai",
    "chinh", "so", "hoa", "dang", "ky", "thu", "tuc", "hai", "quan", "xin", "chao", "cam", "on",
    "muon", "ca", "phe", "sang", "nhat", "di", "den", "ra", "vao", "nuoc", "ngoai", "san", "pham",
    "gia", "tot", "it", "khach", "dien", "tu", "truc", "tuyen", "mang", "thanh", "toan",
    "nho", "vua", "ho", "em", "anh", "chi", "ntn", "j", "k", "ko", "dc", "roi", "biet", "lai",
    "nha", "vang", "da", "uh", "uk", "ok", "dau", "bay", "gio", "ngay", "thang", "nam",
}
# ...of which these are not also common words in English, Spanish, Indonesian or Malay.
_VIETNAMESE_ONLY = _VIETNAMESE_SYLLABLES - {
    "a", "an", "ban", "bao", "bay", "ca", "can", "co", "da", "dang", "de", "den", "di", "em", "ha", "hai",
    "hang", "ho", "it", "j", "k", "la", "lai", "mang", "mua", "nam", "nha", "ok", "on", "ra", "san", "sang",
    "sao", "so", "tai", "the", "thu", "tu", "ty", "uh", "uk", "va", "ve", "vang",
}
_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def fold_diacritics(text: str) -> str:
    """"Việt Nam" -> "Viet Nam": how the same words look typed without diacritics."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _unaccented_vietnamese(words) -> bool:
    if len(words) < 3:
        return False
    syllables = sum(bool(_VI_SYLLABLE.match(word)) or word in _VIETNAMESE_SYLLABLES for word in words)
    frequent = sum(word in _VIETNAMESE_SYLLABLES for word in words)
    return (syllables >= 0.8 * len(words) and frequent >= 0.5 * len(words)
            and any(word in _VIETNAMESE_ONLY for word in words))


# Closed-class words (pronouns, articles, prepositions...). Proper nouns and brand names
# throw lingua off on short messages ("we are in Penang" reads as Indonesian to it);
# these words do not: in a message of up to eight words that lingua is unsure of, two
# or more of one language and none of lingua's pick settle it.
_FUNCTION_WORDS = {
    "en": {"i", "you", "we", "they", "he", "she", "it", "is", "are", "am", "was", "were", "the", "a", "an",
           "to", "of", "in", "on", "at", "for", "with", "my", "our", "your", "how", "what", "can", "do",
           "does", "and", "or", "but", "this", "that", "have", "has", "not", "please", "about", "from",
           "will", "would", "should", "there", "which", "where", "who", "me", "us", "be", "if", "im"},
    "es": {"el", "la", "los", "las", "de", "del", "que", "y", "en", "por", "para", "con", "mi", "mis", "tu",
           "su", "es", "son", "como", "qué", "cómo", "un", "una", "sí", "si", "me", "te", "se", "lo",
           "al", "más", "mas", "pero", "muy", "hay", "estoy", "tengo", "puedo", "yo", "usted", "ustedes"},
    "id|ms": {"yang", "di", "ke", "dan", "ini", "itu", "saya", "aku", "untuk", "dengan", "ada", "tidak",
              "apa", "bagaimana", "kami", "kita", "sudah", "belum", "akan", "dari", "pada", "juga", "sy",
              "utk", "dgn", "dlm", "dalam", "atau", "kalau", "kalo"},
}
# Filipino grammar and everyday words. Taglish ("pano mag-apply ng loan sa bank") is
# how many Filipino owners write; a few of these words make a message Filipino
# whatever its English nouns (see _taglish), since someone who writes them reads
# Filipino replies, and an English-only writer never uses them.
_FILIPINO_WORDS = {
    "ang", "ng", "mga", "sa", "si", "ni", "po", "opo", "ko", "mo", "ako", "ikaw", "ka", "siya", "kami",
    "tayo", "kayo", "sila", "namin", "natin", "nila", "niya", "ba", "na", "pa", "lang", "lamang", "din",
    "rin", "naman", "kasi", "yung", "iyong", "ito", "yan", "iyan", "dito", "doon", "paano", "pano",
    "bakit", "saan", "ano", "magkano", "ilan", "kung", "para", "hindi", "di", "wala", "walang", "may",
    "meron", "mayroon", "gusto", "kailangan", "puwede", "pwede", "ay", "at", "nga", "talaga", "akin",
    "ninyo", "kanila", "nang", "kapag", "pag", "dahil", "tapos", "oo", "sige", "ayos", "musta", "kumusta",
    "ewan", "teka", "pakiulit", "salamat", "ingat", "nasa", "sana", "daw", "raw", "diba", "muna", "ngayon",
    "wag", "huwag", "sino", "kailan", "kelan", "ganun", "ganon", "alam", "ayaw", "itigil", "tigil", "mag",
    "nag", "pang", "negosyo", "utang", "umutang", "pautang", "puhunan", "tindahan", "bayad", "magbayad",
    "kitakits", "ho", "kita", "ibig", "sabihin", "nun", "yun", "yon", "siguro",
    "medyo", "tama", "ganito", "ganyan", "diyan", "dyan", "nito", "niyan", "lahat", "pero", "kaya",
}
# ...of which these are also everyday English, Spanish, Malay, Indonesian or Vietnamese words
# (Vietnamese typed without accents: "ko", "ba", "lang", "nga").
_FILIPINO_SHARED = {"at", "para", "may", "di", "si", "ni", "pa", "na", "ka", "ano", "kami", "ito", "din", "ay",
                    "ko", "ba", "mo", "lang", "nga", "oo", "ingat", "sila", "akin", "kita", "raw", "alam", "sana",
                    "pero", "kaya"}
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|/lang\b")


@dataclass(frozen=True)
class Detection:
    language: Optional[str]  # an ISO 639 code, possibly unsupported ("fr"); None when unknown
    confidence: float
    reliable: bool
    alternatives: Tuple[str, ...] = ()  # equally likely languages, e.g. ("id", "ms")
    # Says enough to outweigh a channel's locale: a script or letters only one language
    # uses, or three words or more. "hola" or "help" alone is reliable but not decisive.
    decisive: bool = False

    @property
    def supported(self) -> bool:
        return self.language in LANGUAGES


def _script_counts(text: str) -> dict:
    counts = {"thai": 0, "han": 0, "kana": 0, "hangul": 0, "cyrillic": 0, "latin": 0, "other": 0}
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        if 0x0E00 <= code <= 0x0E7F:
            counts["thai"] += 1
        elif 0x3040 <= code <= 0x30FF:
            counts["kana"] += 1
        elif _is_han(char):
            counts["han"] += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
            counts["hangul"] += 1
        elif 0x0400 <= code <= 0x04FF:
            counts["cyrillic"] += 1
        elif "LATIN" in unicodedata.name(char, ""):
            counts["latin"] += 1
        else:
            counts["other"] += 1
    return counts


# Kanji in their post-war Japanese forms, which neither Simplified nor Traditional
# Chinese writes (Japanese 売/続/円, Traditional 賣/續/圓, Simplified 卖/续/圆), plus
# a few characters coined in Japan (働, 込, 畑).
_JAPANESE_KANJI = frozenset(
    "円売読続図気県駅辺険検済営労働込払広価単戦変関発転拡徴帰権歳証伝実桜恵沢浜覚観挙拠剰獣渋縦奨帯択"
    "弾鋳聴庁鉄稲闘弐悩廃拝仏歩豊黙訳薬揺様謡頼覧竜両猟緑涙塁暦録亜悪圧囲隠栄応穏仮絵殻楽巻陥勧歓戯犠"
    "郷暁駆勲掲渓継蛍軽鶏撃倹剣圏顕験厳効鉱黒砕斎剤雑賛歯児釈収従粛処渉焼乗壌嬢浄畳譲醸粋酔髄瀬斉摂"
    "専繊銭荘捜挿巣総騒増蔵対滝団遅勅逓徳縄脳覇髪抜晩毎満麺戻霊齢歴錬舗峠畑枠匂塀経")
# Chinese grammar words Japanese does not write (pronouns, question words, particles,
# Cantonese ones included): "中小企業貸款怎麼申請" is Chinese, though each of its other
# characters could be Japanese.
_CHINESE_ONLY = frozenset("你您我她吗嗎呢吧怎麼么什这這们們哪冇係咩唔喺佢啲嘅咗沒没呀啊嘛唄"
    # and the Traditional forms of the kanji Japanese simplified its own way (證 for 証, 經 for 経)
    "證續賣圓經濟價廣發實關變單戰轉擴歸權傳圖氣讀驗險檢營勞會對區學國與體處從數當點萬來臺號聲稅說"
    "舊樂應壓圍榮惡亞繼輕擊劍顯嚴黑齒兒釋收乘讓醉專錢總騷增藏遲德腦髮滿靈齡歷灣劃")
# Characters only one Chinese script uses (CC-CEDICT, through zhon).
_SIMPLIFIED_ONLY = frozenset(cedict.simplified) - frozenset(cedict.traditional) - _JAPANESE_KANJI
_TRADITIONAL_ONLY = frozenset(cedict.traditional) - frozenset(cedict.simplified) - _JAPANESE_KANJI


def _is_han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


# Written Cantonese, which Hong Kong writes in Traditional characters.
_CANTONESE = frozenset("喺冇嘅啲咗唔佢咩嘢啱乜睇搵揾俾嚟咁噉")


def chinese_script(text: str) -> Optional[str]:
    """"zh" (Simplified) or "zh-Hant" (Traditional) when the characters tell, else None."""
    simplified = sum(char in _SIMPLIFIED_ONLY for char in text)
    traditional = sum(char in _TRADITIONAL_ONLY or char in _CANTONESE for char in text)
    return "zh" if simplified > traditional else "zh-Hant" if traditional > simplified else None


def _han_language(text: str, kana: int) -> Tuple[str, Tuple[str, ...]]:
    """Japanese, Simplified or Traditional Chinese for text written in Chinese characters;
    with the languages it may equally be in when its characters do not tell."""
    if kana:
        return "ja", ()
    japanese = sum(char in _JAPANESE_KANJI for char in text)
    simplified = sum(char in _SIMPLIFIED_ONLY for char in text)
    chinese = any(char in _CHINESE_ONLY for char in text)
    if japanese and japanese >= simplified and not chinese:
        return "ja", ()
    script = chinese_script(text)
    if script == "zh":
        return "zh", ()
    if script == "zh-Hant":  # Japanese writes most kanji in their Traditional forms too (資, 請, 書)
        return "zh-Hant", () if chinese else ("zh-Hant", "ja")
    return "zh", ("zh", "zh-Hant") if chinese else ("zh", "zh-Hant", "ja")


@lru_cache(maxsize=1)
def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LINGUA_NAMES.values()]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _malay_or_indonesian(words) -> Optional[str]:
    score = sum(w in _MALAY_MARKERS for w in words) - sum(w in _INDONESIAN_MARKERS for w in words)
    return "ms" if score > 0 else "id" if score < 0 else None


def _function_word_vote(words, picked: str) -> Optional[str]:
    """Another language when its function words clearly outvote lingua's pick, else None."""
    group = "id|ms" if picked in ("id", "ms") else picked
    votes = {name: sum(word in vocabulary for word in words) for name, vocabulary in _FUNCTION_WORDS.items()}
    if votes.get(group, 0) > 0:
        return None
    name, count = max(votes.items(), key=lambda item: item[1])
    if count < 2 or name == group:
        return None
    return _malay_or_indonesian(words) or "id" if name == "id|ms" else name


def _filipino_marked(words) -> bool:
    """A word only Filipino uses ("ng", "mga", "po", "pano")."""
    return any(word in _FILIPINO_WORDS and word not in _FILIPINO_SHARED for word in words)


def _taglish(words) -> bool:
    """Filipino in the message: two Filipino words, one of them only Filipino uses, or three that
    other languages share one by one ("di ko pa alam"). One is not enough: "good morning po, can I
    get a loan..." is English from a polite Filipino writer, and Chileans say "ya po" in Spanish."""
    filipino = sum(word in _FILIPINO_WORDS for word in words)
    return filipino >= 3 or (filipino >= 2 and _filipino_marked(words))


def detect(text: str) -> Detection:
    """The language of ``text`` and whether the evidence is strong enough to act on."""
    text = _NOISE.sub(" ", text or "")
    scripts = _script_counts(text)
    letters = sum(scripts.values())
    if letters == 0:
        return Detection(None, 0.0, False)
    # Japanese mixes kanji and kana: together they are one script here.
    non_latin = {k: v for k, v in scripts.items() if k not in ("latin", "kana", "han")}
    non_latin["han"] = scripts["han"] + scripts["kana"]
    script, count = max(non_latin.items(), key=lambda item: item[1])
    # A Chinese, Japanese or Korean character carries about a word: weigh it against
    # Latin words, not letters, so "这个 grant 要怎么 apply" stays Chinese; and four of them make
    # a sentence in that language, whatever brand or programme names it quotes in English
    # ("Boracay Action Agenda主要行動有哪些", "客人都用LINE Pay付款").
    cjk = script in ("han", "hangul")
    latin_weight = len(re.findall(r"[A-Za-z]+", text)) * 3 if cjk else scripts["latin"]
    if count >= latin_weight or (cjk and count >= 4):
        enough = count >= {"thai": 2, "hangul": 2, "han": 2}.get(script, 3)
        alternatives: Tuple[str, ...] = ()
        if script == "han":
            language, alternatives = _han_language(text, scripts["kana"])
        else:
            language = {"thai": "th", "hangul": "ko", "cyrillic": "ru"}.get(script, "other")
        return Detection(language, 1.0, enough, alternatives, decisive=enough and not alternatives)

    words = re.findall(r"[^\W\d_]+", text.lower())
    phrase = " ".join(words)
    if _VIETNAMESE_LETTERS.search(text):
        enough = len(words) >= 2 or phrase in SHORT_PHRASES
        return Detection("vi", 1.0, enough, decisive=enough)
    if _unaccented_vietnamese(words):
        return Detection("vi", 0.7, True, decisive=True)
    if phrase in SHORT_PHRASES:
        found = SHORT_PHRASES[phrase]
        if found == "id|ms":
            return Detection("id", 0.5, True, alternatives=("id", "ms"))
        return Detection(found, 1.0, True)

    values = _lingua().compute_language_confidence_values(text)
    # lingua takes names and chat for Tagalog ("Boracay Action Agenda", "may tu dong tra loi"): with no
    # word only Filipino uses, its next guess is reported, but as too unsure to change the conversation's
    doubtful = _CODES[values[0].language.name] == "fil" and not _filipino_marked(words)
    if doubtful:
        values = values[1:]
    best, second = values[0], values[1]
    language, confidence = _CODES[best.language.name], best.value
    margin = confidence - second.value
    voted = _function_word_vote(words, language) if len(words) <= 8 and confidence < 0.7 else None
    if voted:  # closed-class words settle it, whatever lingua's doubts
        language, confidence, margin, doubtful = voted, max(confidence, 0.5), 1.0, False
    if _taglish(words):
        # "sige po", "wala pa": two Filipino words say as much as a longer message
        language, confidence, margin = "fil", max(confidence, 0.8 if len(words) == 2 else 0.5), 1.0
    alternatives: Tuple[str, ...] = ()
    if language in ("id", "ms"):
        marked = _malay_or_indonesian(words)
        if marked:
            language, margin = marked, 1.0
        elif _CODES[second.language.name] in ("id", "ms") and margin < 0.5:
            alternatives = ("id", "ms")
    reliable = not doubtful and (
        (len(words) >= 3 and (confidence >= 0.5 or margin >= 0.1)) or (len(words) == 2 and confidence >= 0.75))
    return Detection(language, round(confidence, 3), reliable, alternatives, decisive=reliable and len(words) >= 3)


def detect_language(text: str, min_confidence: float = 0.0) -> Optional[str]:
    """The most likely language code for a document's text, or None when unsure."""
    detection = detect(text)
    if detection.language in (None, "other") or detection.confidence < min_confidence:
        return None
    return detection.language


# Chinese locales by script: Traditional where the script or the place says so.
_TRADITIONAL_CHINESE = {"hant", "tw", "hk", "mo"}
# Other names of our codes: Tagalog's tl for Filipino, the ISO 639-2 codes some apps send.
_CODE_ALIASES = {"tl": "fil", "tgl": "fil", "fil": "fil", "jpn": "ja", "kor": "ko", "rus": "ru", "zho": "zh",
                 "chi": "zh", "eng": "en", "spa": "es", "ind": "id", "msa": "ms", "may": "ms", "vie": "vi",
                 "tha": "th"}


def language_code(tag: Any) -> Optional[str]:
    """Our code for a language tag ("es-MX", "zh_TW", "zh-Hans", "tl", "ZH-HANT"), if we support it."""
    if not isinstance(tag, str):
        return None
    parts = re.split(r"[-_]", tag.strip().lower())
    base = _CODE_ALIASES.get(parts[0], parts[0])
    if base == "zh":
        return "zh-Hant" if _TRADITIONAL_CHINESE & set(parts[1:]) else "zh"
    return base if base in LANGUAGES else None


def locale_language(metadata: Any, keys=("locale", "language")) -> Optional[str]:
    """Our language code for a channel's locale ("es-MX", "zh_CN", "zh-TW", "th"), if we support it."""
    if not isinstance(metadata, dict):
        return None
    return language_code(next((metadata[key] for key in keys if metadata.get(key)), None))


def resolve_language(current: Optional[str], detection: Dict[str, Any], requested: Optional[str]) -> Optional[str]:
    """The reply language after a message, weighing in order:

    1. an explicit request ("/lang vi", "answer in Thai", a language button, the web page's picker);
    2. the message's own language, when it says enough; with a channel locale (the web
       page's language, a REST client's locale) it must be decisive, so that "ok" or
       "help" typed on a Spanish page do not count as English;
    3. for a short or unclear first message, the channel's locale, else its hint
       (a messenger app's UI language);
    4. otherwise the conversation keeps its language: "ok", "👍", a name or a number never
       switch it, and a message that may be in either of two languages (Malay or Indonesian;
       Chinese characters common to Japanese and both Chinese scripts) does not flip between them.
    """
    if requested in LANGUAGES:
        return requested
    detected = detection.get("language")
    locale = detection.get("locale") if detection.get("locale") in LANGUAGES else None
    says_enough = detection.get("reliable") and detected in LANGUAGES
    if says_enough and (detection.get("decisive", True) or not locale):
        if current in (detection.get("alternatives") or ()):
            return current
        return detected
    if current is None:
        hint = detection.get("locale_hint")
        return locale or (hint if hint in LANGUAGES else None)
    return current


def requested_in(message: Dict[str, Any]) -> Optional[str]:
    """A language the user asked for in this message (entity from a command, a phrase or a button)."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "language" and entity.get("value") in LANGUAGES:
            return entity["value"]
    return None


def detection_of(message: Dict[str, Any]) -> Dict[str, Any]:
    """What the NLU found out about the message's language. Button payloads and
    commands like "/greet" skip the NLU, so for them only the channel's metadata speaks."""
    if message.get("language_detection"):
        return message["language_detection"]
    metadata = message.get("metadata")
    return {"locale": locale_language(metadata), "locale_hint": locale_language(metadata, keys=("locale_hint",))}


def reply_language(current: Optional[str], message: Dict[str, Any]) -> Optional[str]:
    """The reply language after ``message`` (a parsed user message) in a conversation in ``current``."""
    return resolve_language(current, detection_of(message), requested_in(message))
