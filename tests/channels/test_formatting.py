import pytest

from channels.formatting import citation_lines, fits_quick_replies, split_text, utf16_length, with_citations

CITATION = {"source_id": "credit-guarantees", "anchor": "", "title": "Credit guarantee schemes",
            "url": "https://example.org/guarantees"}


def test_a_citation_the_text_lacks_becomes_a_short_link_in_the_answer_language():
    custom = {"citations": [CITATION], "language": "es"}
    assert with_citations("Una garantía cubre parte del préstamo.", custom) == (
        "Una garantía cubre parte del préstamo.\n\nFuente: Credit guarantee schemes https://example.org/guarantees")


def test_a_citation_the_text_already_shows_is_not_repeated():
    text = "A guarantee covers part of the loan.\n\nSource: Credit guarantee schemes https://example.org/guarantees"
    assert with_citations(text, {"citations": [CITATION], "language": "en"}) == text


def test_citations_without_url_are_matched_by_title_and_duplicates_collapse():
    no_url = {"title": "APEC SME statement, paragraph 3", "url": ""}
    custom = {"citations": [no_url, no_url, CITATION], "language": "xx"}
    assert citation_lines("Quote (APEC SME statement, paragraph 3)", custom) == [
        "Source: Credit guarantee schemes https://example.org/guarantees"]
    assert citation_lines("Other text", {"citations": [no_url, no_url]}) == ["Source: APEC SME statement, paragraph 3"]


@pytest.mark.parametrize("custom", [None, {}, {"citations": "x"}, {"citations": [42]}, {"other": 1}])
def test_other_custom_payloads_leave_the_text_alone(custom):
    assert with_citations(" Hello ", custom) == "Hello"


def test_short_text_is_one_part():
    assert split_text("  Hello there.  ", 4096) == ["Hello there."]
    assert split_text("   ", 10) == []


def test_long_text_splits_at_paragraphs_first():
    first, second = "A" * 30 + ". Done.", "B" * 30 + "."
    assert split_text(f"{first}\n\n{second}", 50) == [first, second]


def test_without_paragraphs_it_splits_after_a_sentence_never_inside_a_word():
    text = " ".join(f"Sentence number {n} talks about loans and guarantees." for n in range(200))
    parts = split_text(text, 300)
    assert all(len(part) <= 300 for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == text  # nothing lost, nothing cut inside a word


def test_without_sentences_it_splits_between_words():
    words = ["financing"] * 1000
    parts = split_text(" ".join(words), 100)
    assert all(len(part) <= 100 for part in parts)
    assert [word for part in parts for word in part.split()] == words


def test_chinese_splits_after_a_full_stop():
    sentence = "中小企业可以申请信用担保以获得贷款。"
    parts = split_text(sentence * 20, 50)
    assert all(len(part) <= 50 and part.endswith("。") for part in parts)
    assert "".join(parts) == sentence * 20


def test_a_word_longer_than_the_limit_is_the_only_hard_cut():
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_emoji_count_twice_as_telegram_counts_them():
    text = "😀" * 10
    parts = split_text(text, 8)
    assert all(utf16_length(part) <= 8 for part in parts) and "".join(parts) == text


def test_quick_replies_fit_only_within_count_and_title_limits():
    buttons = [{"title": "Finance", "payload": "/finance_access"}] * 3
    assert fits_quick_replies(buttons, 3, 20)
    assert not fits_quick_replies(buttons * 2, 3, 20)
    assert not fits_quick_replies([{"title": "Bicara dengan konsultan", "payload": "/human_handoff"}], 3, 20)
    assert not fits_quick_replies([], 3, 20)
