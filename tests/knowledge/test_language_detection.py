"""Which language a message is in: scripts, Chinese in either script, Japanese in kanji, Taglish."""
import pytest

from knowledge.language import chinese_script, detect, language_code, resolve_language


def reply(current, text, locale=None):
    found = detect(text)
    return resolve_language(current, {"language": found.language, "reliable": found.reliable,
                                      "decisive": found.decisive, "alternatives": list(found.alternatives),
                                      "locale": locale}, None)


@pytest.mark.parametrize("text, language", [
    ("中小企业贷款怎么申请", "zh"),
    ("中小企業貸款怎麼申請", "zh-Hant"),
    ("請問信用保證基金的申請條件", "zh-Hant"),
    ("我喺旺角開舖，想問有冇低息貸款", "zh-Hant"),  # written Cantonese: Hong Kong, Traditional
    ("中小企業の融資について教えてください", "ja"),  # kana
    ("輸出手続 必要書類", "ja"),  # no kana, but 続 is written so only in Japanese
    ("会社設立手続", "ja"),
    ("중소기업 대출은 어떻게 받나요?", "ko"),
    ("Как получить кредит для малого бизнеса?", "ru"),
    ("Paano ako makakakuha ng pautang para sa negosyo ko?", "fil"),
])
def test_script_and_characters_name_the_language(text, language):
    found = detect(text)
    assert (found.language, found.reliable, found.decisive) == (language, True, True)


@pytest.mark.parametrize("text, language", [
    ("pano mag-apply ng loan sa bank para sa sari-sari store ko", "fil"),
    ("magkano ang interest ng loan", "fil"),
    ("sige po", "fil"),
    ("how do I apply for a loan at the bank", "en"),
    ("we are in Manila and need a loan", "en"),  # a Philippine place is not Filipino grammar
    ("para el crédito necesito garantía", "es"),  # "para" alone is Spanish too
])
def test_taglish_with_filipino_grammar_is_filipino(text, language):
    assert detect(text).language == language


@pytest.mark.parametrize("current, text, expected", [
    ("ja", "融資申請方法", "ja"),          # kanji Japanese and Traditional Chinese share: keep Japanese
    ("zh-Hant", "融資申請方法", "zh-Hant"),
    ("zh-Hant", "你好", "zh-Hant"),          # characters common to both scripts keep the conversation's
    ("zh", "你好", "zh"),
    ("zh", "請問有冇出口補助", "zh-Hant"),    # Traditional characters switch a Simplified conversation
    ("zh-Hant", "请问有没有出口补贴", "zh"),
    ("en", "中小企業の融資", "ja"),
])
def test_a_message_that_could_be_either_keeps_the_conversations_language(current, text, expected):
    assert reply(current, text) == expected


def test_chinese_script_counts_characters_only_one_script_writes():
    assert chinese_script("发展") == "zh" and chinese_script("發展") == "zh-Hant"
    assert chinese_script("中小") is None


@pytest.mark.parametrize("tag, code", [
    ("es-MX", "es"), ("zh_CN", "zh"), ("zh-Hans", "zh"), ("zh-SG", "zh"), ("zh-TW", "zh-Hant"), ("zh_HK", "zh-Hant"),
    ("zh-Hant-MO", "zh-Hant"), ("ZH-HANT", "zh-Hant"), ("tl", "fil"), ("fil-PH", "fil"), ("ja-JP", "ja"),
    ("ko_KR", "ko"), ("ru", "ru"), ("fr-FR", None), ("", None), (None, None), (42, None),
])
def test_language_tags_map_to_our_codes(tag, code):
    assert language_code(tag) == code
