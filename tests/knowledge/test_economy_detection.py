import pytest

from knowledge.config import LANGUAGES
from knowledge.economies import ARTICLE_ROLES, ROLES
from knowledge.economy_detection import (
    ECONOMY_NAMES,
    economy_name,
    economy_of_locale,
    economy_of_number,
    likely_economy,
    mentioned_economy,
    named_economy,
)
from knowledge.library import load_library


@pytest.mark.parametrize("text, economy", [
    ("I'm in Peru, how do I get a small loan?", "PE"),
    ("we are based in Kuala Lumpur and sell batik", "MY"),
    ("I just moved to Chile, what changes for my company?", "CL"),
    ("Estoy en México y quiero exportar café", "MX"),
    ("soy de Arequipa, tengo una pyme textil", "PE"),
    ("saya di Surabaya, gimana cara daftar QRIS?", "ID"),
    ("Kedai saya di Penang, boleh dapat pinjaman?", "MY"),
    ("我在上海开了一家小公司", "CN"),
    ("我是马来西亚人", "MY"),
    ("toi o Ha Noi, muon vay von", "VN"),
    ("Tôi ở Hà Nội, muốn vay vốn", "VN"),
    ("ผมอยู่เชียงใหม่ อยากขอสินเชื่อ", "TH"),
    ("Peru", "PE"), ("香港", "HK"),
    ("大阪で小さな店をやっています", "JP"), ("서울에 살고 있어요", "KR"), ("부산에서 가게를 해요", "KR"),
    ("я живу в Казани, нужен кредит", "RU"), ("taga Davao po ako, may sari-sari store", "PH"),
    ("我喺旺角開舖", "HK"), ("我在高雄開咖啡廳", "TW"), ("대만", "TW"), ("Россия", "RU"),
    ("I'm in Peru. Actually I moved to Chile last year", "CL"),  # the latest place said wins
])
def test_where_the_user_says_they_are(text, economy):
    assert mentioned_economy(text) == economy


@pytest.mark.parametrize("text", [
    "How do I export coffee to Japan?", "quiero vender en Estados Unidos", "saya mau ekspor ke Jepang",
    "我想把产品卖到日本", "What does the 2020 APEC statement say about Chile's presidency?", "", None,
    "I'm interested in Peruvian suppliers", "日本に輸出したいです", "미국으로 수출하고 싶어요",
    "хочу продавать в Китай",
])
def test_a_market_or_a_mention_without_a_first_person_cue_is_not_the_users_economy(text):
    assert mentioned_economy(text) is None


def test_channel_hints_name_one_economy_or_none():
    assert economy_of_locale({"locale": "es-MX"}) == "MX" and economy_of_locale({"locale": "zh_TW"}) == "TW"
    assert economy_of_locale({"locale": "es"}) is None and economy_of_locale({"locale": "fr-FR"}) is None
    assert economy_of_number("6281234567890") == "ID" and economy_of_number("+60 12-345 6789") == "MY"
    assert economy_of_number("14155550100") is None  # +1: the United States or Canada
    assert economy_of_number("79161234567") is None  # +7: Russia or Kazakhstan


def test_every_economy_has_a_name_in_every_language():
    assert len(ECONOMY_NAMES) == 21
    for code, names in ECONOMY_NAMES.items():
        assert set(names) == set(LANGUAGES), code
    assert economy_name("VN", "vi") == "Việt Nam" and economy_name("TW", "en") == "Chinese Taipei"


def test_the_guides_roles_are_real_roles_of_real_guides():
    guides = set(load_library())
    assert set(ARTICLE_ROLES) <= guides
    assert {role for roles in ARTICLE_ROLES.values() for role in roles} <= set(ROLES)


@pytest.mark.parametrize("text, code", [
    ("from Penang", "MY"), ("Lima, Peru", "PE"), ("Surabaya", "ID"), ("公司在深圳", "CN"),
    ("ร้านอยู่เชียงใหม่", "TH"), ("xưởng của tôi ở Bình Dương", "VN"), ("I moved to Chile", "CL"),
])
def test_an_answer_to_where_are_you_names_its_place_with_or_without_a_cue(text, code):
    assert named_economy(text) == code


@pytest.mark.parametrize("text", ["climate change", "skl", "France", "tôi bán hàng online"])
def test_words_that_only_contain_a_place_name_are_not_places(text):
    assert named_economy(text) is None


@pytest.mark.parametrize("text, code", [
    ("how do I register my shop in Cebu?", "PH"), ("tengo una tienda en Lima, donde me registro", "PE"),
    ("toko saya di Bandung", "ID"), ("ร้านที่เชียงใหม่", "TH"), ("I run a bakery in Chiang Mai", "TH"),
    ("how do I export coffee to Japan", None), ("my buyer in Korea wants a certificate", None),
    ("quiero vender a Chile", None), ("ekspor kopi ke Jepang", None), ("xuất hàng sang Nhật Bản", None),
    ("出口到日本要什么", None), ("ส่งออกไปญี่ปุ่น", None), ("We sell in Korea", None),
    ("韩国客户要原产地证，去哪办？", None), ("a Japan buyer wants samples", None),
])
def test_a_place_named_without_a_cue_is_the_users_unless_a_market_word_points_at_it(text, code):
    assert likely_economy(text) == code


def test_a_place_named_without_a_cue_only_fills_an_empty_economy():
    from knowledge.economy_detection import economy_after

    assert economy_after(None, "how do I register my shop in Cebu?") == "PH"
    assert economy_after("PE", "how do I register my shop in Cebu?") == "PE"
    assert economy_after("PE", "I moved to Cebu") == "PH"


def test_each_place_names_one_economy():
    from knowledge.economy_detection import MORE_PLACES, PLACES

    owners = {}
    for table in (ECONOMY_NAMES,):
        for code, languages in table.items():
            for name in {n for names in languages.values() for n in names}:
                owners.setdefault(name.casefold(), set()).add(code)
    for table in (PLACES, MORE_PLACES):
        for code, names in table.items():
            for name in names:
                owners.setdefault(name.casefold(), set()).add(code)
    assert {name: codes for name, codes in owners.items() if len(codes) > 1} == {}
