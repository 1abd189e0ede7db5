import re

from knowledge.chunking import chunk_document, split_sentences, split_to_fit
from knowledge.ingest.statement import parse_statement
from tests.conftest import STATEMENT


def statement():
    return parse_statement(STATEMENT, "statement/apec-smemm-2020.txt")


def test_statement_has_one_section_per_numbered_paragraph_with_anchors_p1_to_p12():
    document = statement()
    assert document.source_id == "apec-smemm-2020"
    assert [section.anchor for section in document.sections] == [f"p{n}" for n in range(1, 13)]
    assert document.url.startswith("https://www.apec.org/")
    assert document.date == "2020-10-23"
    assert "Joint Ministerial Statement" in document.title


def test_statement_paragraphs_are_verbatim():
    raw = STATEMENT.read_text(encoding="utf-8")
    numbered = dict(re.findall(r"^\s*(\d+)\.\s+(.*)$", raw.partition("\n---\n")[2], flags=re.M))
    for section in statement().sections:
        assert section.text == numbered[section.anchor[1:]].strip()
    # the source's missing space is kept, not "corrected"
    assert "public health.We are committed" in statement().sections[4].text


def test_english_sentences_split_on_full_stops():
    text = "We endorse the plan of the year. It sets objectives in five priority areas. Short."
    assert split_sentences(text, "en") == ["We endorse the plan of the year.",
                                           "It sets objectives in five priority areas. Short."]


def test_chinese_sentences_split_without_spaces():
    text = "我们支持中小企业发展的各项工作。我们鼓励各经济体改善中小企业融资渠道！"
    assert split_sentences(text, "zh") == ["我们支持中小企业发展的各项工作。", "我们鼓励各经济体改善中小企业融资渠道！"]


def test_thai_sentences_split_on_spaces():
    text = "ธุรกิจขนาดกลางและขนาดย่อมควรเตรียมเอกสารให้ครบ ธนาคารจะตรวจสอบงบการเงินย้อนหลังสามปีเสมอ"
    assert len(split_sentences(text, "th")) == 2


def test_long_sections_are_cut_to_fit_the_token_budget(encoder):
    paragraph = " ".join(f"Sentence number {n} explains one more detail of the loan process." for n in range(40))
    pieces = split_to_fit(paragraph, "en", lambda text: encoder.count_tokens(text) <= 64)
    assert len(pieces) > 1
    assert all(encoder.count_tokens(piece) <= 64 for piece in pieces)
    assert " ".join(pieces) == paragraph  # nothing lost, nothing added


def test_chunks_keep_citation_metadata_and_unique_ids(encoder):
    chunks = chunk_document(statement(), encoder.count_tokens, max_tokens=40)
    assert {chunk.anchor for chunk in chunks} == {f"p{n}" for n in range(1, 13)}
    assert len({chunk.chunk_id for chunk in chunks}) == len(chunks)
    split = [chunk for chunk in chunks if chunk.part > 1]
    assert split, "a 40-token budget must split the longer paragraphs"
    assert all(chunk.source_id == "apec-smemm-2020" and chunk.url for chunk in chunks)
