"""Which APEC economy a user is in: from what they say, or from a channel's hint. Never from language alone.

- What they say: "I'm in Peru", "saya di Surabaya", "estoy en Chile", "我在上海",
  "tôi ở Hà Nội", "ผมอยู่เชียงใหม่", "I moved to Chile", or a reply that is just
  the economy's name: these set or change the economy. A place named without
  such a cue ("how do I register my shop in Cebu?") only fills an empty one,
  and not when a word of trade points at it ("export to Japan", "my buyer in
  Korea", "xuất sang Nhật"): that is a market, not the user's economy.
- A channel's hint: a web locale with a region (es-MX), or a WhatsApp number's
  country calling code (+60 Malaysia). +1 (the United States and Canada) and
  +7 (Russia and Kazakhstan) name no single economy and give no hint.
Spanish is spoken in five APEC economies and Chinese in four, so a language
alone never gives an economy.
"""
import re
import unicodedata
from pathlib import Path
from typing import Dict, List, Mapping, Optional

import yaml

# The economies' names as their users write them (display name first), per language.
ECONOMY_NAMES: Dict[str, Dict[str, List[str]]] = {
    "AU": {"en": ["Australia"], "es": ["Australia"], "zh": ["澳大利亚", "澳洲"], "id": ["Australia"],
           "ms": ["Australia"], "vi": ["Úc", "Australia"], "th": ["ออสเตรเลีย"],
           "ja": ["オーストラリア", "豪州"], "ko": ["호주", "오스트레일리아"], "ru": ["Австралия", "Австралии"],
           "fil": ["Australia"], "zh-Hant": ["澳大利亞", "澳洲"]},
    "BN": {"en": ["Brunei Darussalam", "Brunei"], "es": ["Brunéi Darussalam", "Brunéi", "Brunei"],
           "zh": ["文莱"], "id": ["Brunei Darussalam", "Brunei"], "ms": ["Brunei Darussalam", "Brunei"],
           "vi": ["Brunei"], "th": ["บรูไนดารุสซาลาม", "บรูไน"],
           "ja": ["ブルネイ"], "ko": ["브루나이"], "ru": ["Бруней"],
           "fil": ["Brunei"], "zh-Hant": ["汶萊", "文萊"]},
    "CA": {"en": ["Canada"], "es": ["Canadá"], "zh": ["加拿大"], "id": ["Kanada"], "ms": ["Kanada"],
           "vi": ["Canada"], "th": ["แคนาดา"],
           "ja": ["カナダ"], "ko": ["캐나다"], "ru": ["Канада", "Канаде", "Канады"],
           "fil": ["Canada", "Kanada"], "zh-Hant": ["加拿大"]},
    "CL": {"en": ["Chile"], "es": ["Chile"], "zh": ["智利"], "id": ["Chili", "Chile"], "ms": ["Chile"],
           "vi": ["Chile"], "th": ["ชิลี"],
           "ja": ["チリ"], "ko": ["칠레"], "ru": ["Чили"],
           "fil": ["Chile"], "zh-Hant": ["智利"]},
    "CN": {"en": ["China"], "es": ["China"], "zh": ["中国", "中國", "大陆", "内地"], "id": ["Tiongkok", "China"],
           "ms": ["China"], "vi": ["Trung Quốc"], "th": ["จีน"],
           "ja": ["中国"], "ko": ["중국"], "ru": ["Китай", "Китае", "Китая"],
           "fil": ["China", "Tsina"], "zh-Hant": ["中國", "中國大陸", "大陸", "內地"]},
    "HK": {"en": ["Hong Kong, China", "Hong Kong"], "es": ["Hong Kong, China", "Hong Kong"],
           "zh": ["中国香港", "香港"], "id": ["Hong Kong"], "ms": ["Hong Kong"], "vi": ["Hồng Kông", "Hong Kong"],
           "th": ["ฮ่องกง"],
           "ja": ["香港"], "ko": ["홍콩"], "ru": ["Гонконг", "Гонконге"],
           "fil": ["Hong Kong"], "zh-Hant": ["中國香港", "香港"]},
    "ID": {"en": ["Indonesia"], "es": ["Indonesia"], "zh": ["印度尼西亚", "印尼"], "id": ["Indonesia"],
           "ms": ["Indonesia"], "vi": ["Indonesia"], "th": ["อินโดนีเซีย"],
           "ja": ["インドネシア"], "ko": ["인도네시아"], "ru": ["Индонезия", "Индонезии"],
           "fil": ["Indonesia"], "zh-Hant": ["印尼", "印度尼西亞"]},
    "JP": {"en": ["Japan"], "es": ["Japón"], "zh": ["日本"], "id": ["Jepang"], "ms": ["Jepun"], "vi": ["Nhật Bản"],
           "th": ["ญี่ปุ่น"],
           "ja": ["日本"], "ko": ["일본"], "ru": ["Япония", "Японии"],
           "fil": ["Japan", "Hapon"], "zh-Hant": ["日本"]},
    "KR": {"en": ["Korea", "South Korea"], "es": ["Corea"], "zh": ["韩国"], "id": ["Korea"], "ms": ["Korea"],
           "vi": ["Hàn Quốc"], "th": ["เกาหลี"],
           "ja": ["韓国"], "ko": ["한국", "대한민국"], "ru": ["Корея", "Корее", "Кореи", "Южная Корея", "Южной Корее"],
           "fil": ["Korea", "South Korea"], "zh-Hant": ["韓國", "南韓"]},
    "MY": {"en": ["Malaysia"], "es": ["Malasia"], "zh": ["马来西亚", "大马"], "id": ["Malaysia"], "ms": ["Malaysia"],
           "vi": ["Malaysia"], "th": ["มาเลเซีย"],
           "ja": ["マレーシア"], "ko": ["말레이시아"], "ru": ["Малайзия", "Малайзии"],
           "fil": ["Malaysia"], "zh-Hant": ["馬來西亞", "大馬"]},
    "MX": {"en": ["Mexico"], "es": ["México", "Mexico"], "zh": ["墨西哥"], "id": ["Meksiko"], "ms": ["Mexico"],
           "vi": ["Mexico"], "th": ["เม็กซิโก"],
           "ja": ["メキシコ"], "ko": ["멕시코"], "ru": ["Мексика", "Мексике", "Мексики"],
           "fil": ["Mexico", "Mehiko"], "zh-Hant": ["墨西哥"]},
    "NZ": {"en": ["New Zealand"], "es": ["Nueva Zelanda"], "zh": ["新西兰"], "id": ["Selandia Baru"],
           "ms": ["New Zealand"], "vi": ["New Zealand"], "th": ["นิวซีแลนด์"],
           "ja": ["ニュージーランド"], "ko": ["뉴질랜드"], "ru": ["Новая Зеландия", "Новой Зеландии"],
           "fil": ["New Zealand"], "zh-Hant": ["紐西蘭", "新西蘭"]},
    "PG": {"en": ["Papua New Guinea", "PNG"], "es": ["Papúa Nueva Guinea"], "zh": ["巴布亚新几内亚"],
           "id": ["Papua Nugini"], "ms": ["Papua New Guinea"], "vi": ["Papua New Guinea"],
           "th": ["ปาปัวนิวกินี"],
           "ja": ["パプアニューギニア"], "ko": ["파푸아뉴기니"],
           "ru": ["Папуа — Новая Гвинея", "Папуа-Новая Гвинея", "Папуа-Новой Гвинее"],
           "fil": ["Papua New Guinea"], "zh-Hant": ["巴布亞紐幾內亞", "巴布亞新畿內亞"]},
    "PE": {"en": ["Peru"], "es": ["Perú", "Peru"], "zh": ["秘鲁"], "id": ["Peru"], "ms": ["Peru"], "vi": ["Peru"],
           "th": ["เปรู"],
           "ja": ["ペルー"], "ko": ["페루"], "ru": ["Перу"],
           "fil": ["Peru"], "zh-Hant": ["秘魯"]},
    "PH": {"en": ["The Philippines", "Philippines"], "es": ["Filipinas"], "zh": ["菲律宾"], "id": ["Filipina"],
           "ms": ["Filipina"], "vi": ["Philippines"], "th": ["ฟิลิปปินส์"],
           "ja": ["フィリピン"], "ko": ["필리핀"], "ru": ["Филиппины", "Филиппинах"],
           "fil": ["Pilipinas", "Philippines"], "zh-Hant": ["菲律賓"]},
    "RU": {"en": ["Russia"], "es": ["Rusia"], "zh": ["俄罗斯"], "id": ["Rusia"], "ms": ["Rusia"], "vi": ["Nga"],
           "th": ["รัสเซีย"],
           "ja": ["ロシア"], "ko": ["러시아"], "ru": ["Россия", "России"],
           "fil": ["Russia", "Rusya"], "zh-Hant": ["俄羅斯"]},
    "SG": {"en": ["Singapore"], "es": ["Singapur"], "zh": ["新加坡"], "id": ["Singapura"], "ms": ["Singapura"],
           "vi": ["Singapore"], "th": ["สิงคโปร์"],
           "ja": ["シンガポール"], "ko": ["싱가포르"], "ru": ["Сингапур", "Сингапуре"],
           "fil": ["Singapore", "Singapura"], "zh-Hant": ["新加坡", "星加坡"]},
    "TW": {"en": ["Chinese Taipei", "Taiwan"], "es": ["Taipéi Chino"], "zh": ["中华台北", "台湾", "台灣"],
           "id": ["Taipei, Tiongkok"], "ms": ["Taipei China"], "vi": ["Đài Bắc Trung Hoa"], "th": ["จีนไทเป"],
           "ja": ["チャイニーズ・タイペイ", "台湾"], "ko": ["중국 타이베이", "대만"],
           "ru": ["Китайский Тайбэй", "Тайвань", "Тайване"],
           "fil": ["Chinese Taipei", "Taiwan"], "zh-Hant": ["中華台北", "台灣", "臺灣"]},
    "TH": {"en": ["Thailand"], "es": ["Tailandia"], "zh": ["泰国"], "id": ["Thailand"], "ms": ["Thailand"],
           "vi": ["Thái Lan"], "th": ["ประเทศไทย", "ไทย"],
           "ja": ["タイ"], "ko": ["태국"], "ru": ["Таиланд", "Таиланде"],
           "fil": ["Thailand", "Taylandiya"], "zh-Hant": ["泰國"]},
    "US": {"en": ["The United States", "United States", "USA"], "es": ["Estados Unidos", "EE. UU."],
           "zh": ["美国"], "id": ["Amerika Serikat"], "ms": ["Amerika Syarikat"], "vi": ["Hoa Kỳ", "Mỹ"],
           "th": ["สหรัฐอเมริกา"],
           "ja": ["アメリカ合衆国", "アメリカ", "米国"], "ko": ["미국"],
           "ru": ["США", "Соединённые Штаты", "Соединенные Штаты"],
           "fil": ["Estados Unidos", "Amerika", "United States"], "zh-Hant": ["美國"]},
    "VN": {"en": ["Viet Nam", "Vietnam"], "es": ["Viet Nam", "Vietnam"], "zh": ["越南"], "id": ["Vietnam"],
           "ms": ["Vietnam"], "vi": ["Việt Nam"], "th": ["เวียดนาม"],
           "ja": ["ベトナム"], "ko": ["베트남"], "ru": ["Вьетнам", "Вьетнаме"],
           "fil": ["Vietnam", "Viet Nam"], "zh-Hant": ["越南"]},
}

# Cities and regions that owners name instead of their economy.
PLACES: Dict[str, List[str]] = {
    "MY": ["Kuala Lumpur", "KL", "Penang", "Pulau Pinang", "Johor", "Johor Bahru", "Selangor", "Sabah", "Sarawak",
           "Ipoh", "Melaka", "吉隆坡", "槟城"],
    "ID": ["Jakarta", "Surabaya", "Bandung", "Medan", "Semarang", "Makassar", "Yogyakarta", "Jogja", "Bali",
           "Denpasar", "Palembang", "Malang", "Bekasi", "Tangerang", "Depok", "Bogor", "雅加达"],
    "TH": ["Bangkok", "Chiang Mai", "Phuket", "Khon Kaen", "กรุงเทพ", "กรุงเทพฯ", "เชียงใหม่", "ภูเก็ต", "ขอนแก่น",
           "曼谷"],
    "VN": ["Hanoi", "Hà Nội", "Ha Noi", "Ho Chi Minh City", "Ho Chi Minh", "TP.HCM", "TP HCM", "HCM", "Sài Gòn",
           "Sai Gon", "Saigon", "Đà Nẵng", "Da Nang", "Hai Phong", "Can Tho",
           "Hải Phòng", "Cần Thơ", "Bình Dương", "Binh Duong", "Đồng Nai", "Dong Nai", "Nha Trang", "河内", "胡志明市"],
    "MX": ["Ciudad de México", "CDMX", "Mexico City", "Guadalajara", "Monterrey", "Puebla", "Oaxaca", "Mérida",
           "Tijuana"],
    "PE": ["Lima", "Arequipa", "Cusco", "Trujillo", "Piura"],
    "CL": ["Santiago de Chile", "Valparaíso", "Concepción", "Antofagasta"],
    "CN": ["Beijing", "Shanghai", "Shenzhen", "Guangzhou", "北京", "上海", "深圳", "广州", "杭州", "成都", "义乌"],
    "PH": ["Manila", "Metro Manila", "Maynila", "Cebu", "Davao", "Quezon City", "Makati", "Iloilo", "Pampanga",
           "Cavite", "Laguna", "Bulacan", "Pasig", "Taguig", "马尼拉", "馬尼拉"],
    "SG": [],
    "BN": ["Bandar Seri Begawan"],
    "HK": ["Kowloon", "九龙", "九龍", "新界", "旺角", "觀塘", "荃灣", "深水埗", "Mong Kok", "Kwun Tong", "Tsuen Wan"],
    "TW": ["Taipei", "Kaohsiung", "Taichung", "Tainan", "台北", "臺北", "高雄", "台中", "臺中", "台南", "臺南", "新北",
           "桃園"],
    "JP": ["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Sapporo", "Kyoto", "Yokohama", "东京", "東京", "大阪", "名古屋",
           "福岡", "札幌", "京都", "横浜", "とうきょう"],
    "KR": ["Seoul", "Busan", "Incheon", "Daegu", "首尔", "서울", "부산", "인천", "대구", "대전", "광주"],
    "RU": ["Moscow", "Saint Petersburg", "Moscú", "Москва", "Москве", "Санкт-Петербург", "Санкт-Петербурге",
           "Петербург", "Петербурге", "Новосибирск", "Новосибирске", "Екатеринбург", "Екатеринбурге",
           "Казань", "Казани", "Владивосток", "Владивостоке"],
    "PG": ["Port Moresby", "Lae"],
    "AU": ["Sydney", "Melbourne", "Brisbane", "Perth", "悉尼"],
    "NZ": ["Auckland", "Wellington", "Christchurch"],
    "CA": ["Toronto", "Vancouver", "Montreal", "Montréal", "Calgary"],
    "US": ["New York", "Los Angeles", "California", "Texas", "Chicago", "Miami", "Nueva York", "纽约"],
}

# First-person cues before a place: the user says where they are (or have moved to), not where they sell.
_LATIN_CUES = [
    # English
    r"i\s*'?\s*m(?:\s+based)?\s+(?:in|from)", r"i\s+am(?:\s+based)?\s+(?:in|from)", r"we\s*'?\s*re(?:\s+based)?\s+"
    r"(?:in|from)", r"we\s+are(?:\s+based)?\s+(?:in|from)", r"(?:i|we)\s+(?:live|work|operate)\s+in",
    r"(?:i|we)\s+(?:just\s+)?(?:moved|relocated)\s+to", r"(?:based|located)\s+in",
    r"my\s+(?:shop|store|business|company|firm|factory|restaurant|cafe)\s+is\s+in", r"here\s+in",
    # Spanish
    r"(?:estoy|estamos|vivo|vivimos|trabajo|trabajamos)\s+en", r"(?:soy|somos)\s+de",
    r"(?:me\s+mud[eé]|nos\s+mudamos)\s+a", r"mi\s+(?:negocio|empresa|tienda|pyme|emprendimiento)\s+est[aá]\s+en",
    r"aqu[ií]\s+en",
    # Indonesian and Malay
    r"(?:saya|aku|kami|sy|gue|gw)\s+(?:tinggal\s+|berada\s+|ada\s+|sekarang\s+|skrg\s+)?(?:di|dari)",
    r"(?:saya|aku|kami)\s+(?:baru\s+)?(?:pindah|berpindah)\s+ke",
    r"(?:usaha|toko|bisnis|kedai|perniagaan|syarikat|umkm|ukm)\s+(?:saya|kami|aku)\s+(?:ada\s+)?di",
    # Vietnamese (with and without accents)
    r"(?:tôi|toi|chúng tôi|chung toi|mình|minh|em)\s+(?:đang\s+|dang\s+|sống\s+|song\s+)?(?:ở|o|tại|tai|từ|tu)",
    r"(?:tôi|toi|mình|minh|em)\s+(?:mới\s+|moi\s+)?(?:chuyển|chuyen)\s+(?:đến|den|tới|toi|sang)",
    # Russian
    r"(?:я|мы)\s+(?:сейчас\s+)?(?:живу|живём|живем|работаю|работаем|нахожусь|находимся)?\s*(?:в|во|из)",
    r"(?:я|мы)\s+(?:переехал|переехала|переехали)\s+(?:в|во)",
    r"(?:мой|моя|наш|наша)\s+(?:бизнес|магазин|компания|фирма|кафе)\s+(?:находится\s+)?(?:в|во)",
    # Filipino
    r"(?:ako|kami)\s+(?:ay\s+)?(?:nasa|taga|nakatira\s+sa|nagtatrabaho\s+sa)", r"(?:nasa|taga)",
    r"(?:lumipat|lumipat\s+ako|lumipat\s+kami)\s+(?:na\s+)?(?:sa)", r"dito\s+(?:po\s+)?sa",
    r"(?:negosyo|tindahan|kompanya)\s+(?:ko|namin)\s+(?:ay\s+)?(?:nasa|sa)",
]
_CJK_THAI_CUES = [
    r"(?:我|我们|我們|本人)(?:现在|現在|目前)?(?:在|住在|来自|來自|是|喺|住喺)",
    r"(?:ผม|ฉัน|ดิฉัน|เรา|หนู|พี่)\s*(?:อยู่|อาศัยอยู่|มาจาก|ย้ายไป)\s*(?:ที่|ใน)?",
]


# Japanese and Korean put the place before the words that say the user is there:
# "東京に住んでいます", "大阪で店をやっています", "서울에 살아요", "부산에서 가게를 해요".
_AFTER_PLACE_CUES = [
    r"(?:に|で)[^。、！？!?]{0,8}?(?:住ん|住ま|在住|暮らし|店|会社|商売|事業|工場|働い|起業|経営)",
    r"在住", r"(?:から来|出身)",
    r"(?:에|에서)\s*[^.!?]{0,10}?(?:살|거주|있어|있습니다|가게|사업|장사|회사|일하|공장|창업|운영)", r"\s*출신",
]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _place_pattern(names: List[str]) -> str:
    return "|".join(re.escape(_fold(name)) for name in sorted(names, key=len, reverse=True))


# More provinces, states and cities (knowledge/places.yml), read once at import.
MORE_PLACES: Dict[str, List[str]] = yaml.safe_load((Path(__file__).resolve().parent / "places.yml").read_text(
    encoding="utf-8")) or {}
_PLACES = {code: sorted({name for names in languages.values() for name in names} | set(PLACES.get(code, []))
                        | set(MORE_PLACES.get(code, [])), key=len, reverse=True)
           for code, languages in ECONOMY_NAMES.items()}
_ALL_PLACES = {_fold(name): code for code, names in _PLACES.items() for name in names}
_PLACE_ALTERNATIVES = _place_pattern(list(_ALL_PLACES))
# A Latin place must stand as a word; a Chinese or Thai one follows its cue directly (no spaces in those scripts).
_MENTION = re.compile(
    rf"(?:^|[^\w])(?:{'|'.join(_LATIN_CUES)})\s+(?:the\s+)?(?P<latin>{_PLACE_ALTERNATIVES})(?![\w])"
    rf"|(?:{'|'.join(_CJK_THAI_CUES)})\s*(?P<other>{_PLACE_ALTERNATIVES})"
    rf"|(?P<before>{_PLACE_ALTERNATIVES})(?:{'|'.join(_AFTER_PLACE_CUES)})")


def mentioned_economy(text: Optional[str]) -> Optional[str]:
    """The economy the user says they are in (the last one they name), or None."""
    folded = _fold((text or "").strip())
    if not folded:
        return None
    bare = folded.strip(" .!?。！？,")
    if bare in _ALL_PLACES:  # the whole message is a place: a reply to "which economy are you in?"
        return _ALL_PLACES[bare]
    found = [match.group("latin") or match.group("other") or match.group("before")
             for match in _MENTION.finditer(folded)]
    return _ALL_PLACES[found[-1]] if found else None


# A place named anywhere, as a word: in a reply to "which economy are you in?" ("from Penang", "Lima, Peru")
# it is where the user is; in any other message only when no word of trade points at it (likely_economy).
_CJK_THAI = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_ANY_PLACE = re.compile(
    rf"(?:^|[^\w])(?P<latin>{_place_pattern([n for n in _ALL_PLACES if not _CJK_THAI.match(n)])})(?![\w])"
    rf"|(?P<other>{_place_pattern([n for n in _ALL_PLACES if _CJK_THAI.match(n)])})")


def named_economy(text: Optional[str]) -> Optional[str]:
    """The economy of the last place named in ``text``, cue or not; for a message that answers where the user is."""
    said = mentioned_economy(text)
    if said:
        return said
    found = [match.group("latin") or match.group("other") for match in _ANY_PLACE.finditer(_fold(text or ""))]
    return _ALL_PLACES[found[-1]] if found else None


# E.164 country calling codes of APEC economies that name exactly one economy.
ECONOMY_BY_CALLING_CODE = {
    "61": "AU", "673": "BN", "56": "CL", "86": "CN", "852": "HK", "62": "ID", "81": "JP", "82": "KR",
    "60": "MY", "52": "MX", "64": "NZ", "675": "PG", "51": "PE", "63": "PH", "65": "SG", "886": "TW",
    "66": "TH", "84": "VN",
}


def economy_of_number(number: Optional[str]) -> Optional[str]:
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    return next((code for prefix, code in ECONOMY_BY_CALLING_CODE.items() if digits.startswith(prefix)), None)


def economy_of_locale(metadata: Optional[Mapping]) -> Optional[str]:
    """The region of a web locale such as es-MX or zh_TW, when it is an APEC economy."""
    locale = (metadata or {}).get("locale") if isinstance(metadata, Mapping) else None
    if not isinstance(locale, str):
        return None
    parts = re.split(r"[-_]", locale.strip())
    region = next((part.upper() for part in parts[1:] if len(part) == 2 and part.isalpha()), None)
    return region if region in ECONOMY_NAMES else None


# Words just before a place that make it a market, a supplier's or a buyer's economy, not the user's own:
# "export to Japan", "my buyer in Korea", "vender a Chile", "ekspor ke Jepang", "xuất sang Nhật", "出口到日本".
_MARKET_WORDS = re.compile(
    # a preposition of direction right before the place: "to", "a", "ke", "sang"...
    r"(?:^|[^\w])(?:to|into|a|al|hacia|ke|sang|qua)(?:\s+the)?\s*$"
    # a word of trade up to three words before it: "export coffee to", "my buyer in", "bán hàng ở"...
    r"|(?:^|[^\w])(?:export\w*|sell\w*|sold|ship\w*|buyer\w*|customer\w*|client\w*|market\w*|import\w*|"
    r"supplier\w*|distributor\w*|vend\w*|envi\w*|comprador\w*|mercado\w*|proveedor\w*|distribuidor\w*|"
    r"ekspor\w*|eksport\w*|jual|menjual|kirim|pembeli|pelanggan|pasar|pasaran|impor\w*|pemasok|pembekal|"
    r"xuất|xuat|bán|ban|khách|khach|thị trường|thi truong|nhập|nhap)(?:\s+\S+){0,3}\s*$"
    r"|(?:到|往|向|出口|卖|销|客户|买家|市场|进口|供应商|ไป|ส่งออก|ขาย|ลูกค้า|ผู้ซื้อ|ตลาด|นำเข้า)\S{0,6}$")


# ... or just after it: "韩国客户" (a Korean customer), "a Japan buyer".
_MARKET_AFTER = re.compile(r"^\s*(?:buyer|customer|client|market|importer|distributor|客户|客戶|买家|買家|市场|市場|"
                           r"ลูกค้า|ตลาด)", re.IGNORECASE)


def likely_economy(text: Optional[str]) -> Optional[str]:
    """The economy a message most likely places the user in: where they say they are, else the last place
    named that no market word points at ("how do I register my shop in Cebu?"), else None."""
    said = mentioned_economy(text)
    if said:
        return said
    folded = _fold(text or "")
    for match in reversed(list(_ANY_PLACE.finditer(folded))):
        before = folded[max(0, match.start() - 40):match.start() + (1 if match.group("latin") else 0)]
        after = folded[match.end():match.end() + 20]
        if not _MARKET_WORDS.search(before.rstrip()) and not _MARKET_AFTER.match(after):
            return _ALL_PLACES[match.group("latin") or match.group("other")]
    return None


def economy_after(current: Optional[str], text: Optional[str], metadata: Optional[Mapping] = None,
                  channel: Optional[str] = None, sender_id: Optional[str] = None) -> Optional[str]:
    """The conversation's economy after a message: the one the user says they are in, else the current one,
    else a place the message names that is not a market, else a channel's hint (a web locale with a region;
    a WhatsApp number's calling code)."""
    said = mentioned_economy(text)
    if said or current:
        return said or current
    hint = likely_economy(text) or economy_of_locale(metadata)
    if not hint and channel == "whatsapp":
        hint = economy_of_number(sender_id)
    return hint


def economy_name(code: str, language: str) -> str:
    names = ECONOMY_NAMES[code]
    return (names.get(language) or names["en"])[0]
