"""knowledge.answer: the section shown, its shape, its length and its citation."""
from knowledge.answer import FULL_BUDGET, SHORT_BUDGET, compose, fit, guide_url, shape
from knowledge.search import Hit, SearchResult

SECTION = ("Expect to be asked for most of the following:\n"
           "- the lender's application form;\n"
           "- balance sheets and income statements for the last three years;\n"
           "- tax returns for the last three years;\n"
           "Requirements differ between economies and lenders, so ask for the lender's checklist first.")
STEPS = "1. Get your credit report.\n2. Build the document pack.\n3. Write a one-page summary."


def hit(source_id="finance-loan-application", language="en", score=0.9, kind="article", anchor="the-documents",
        text=SECTION, heading="The documents to gather"):
    return Hit(source_id=source_id, anchor=anchor, title=f"Title of {source_id}", url="https://www.sba.gov/x",
               language=language, topic="finance", score=score, snippet="", kind=kind, heading=heading, text=text,
               date="2026-11-28")


def result(*hits):
    return SearchResult("question", "en", list(hits), 0.85, hits[0].score if hits else None)


def test_lists_and_steps_keep_one_item_per_line():
    assert shape(SECTION) == [
        "Expect to be asked for most of the following:", "• the lender's application form;",
        "• balance sheets and income statements for the last three years;", "• tax returns for the last three years;",
        "Requirements differ between economies and lenders, so ask for the lender's checklist first."]
    assert shape(STEPS) == ["1. Get your credit report.", "2. Build the document pack.", "3. Write a one-page summary."]


def test_the_answer_is_the_best_sections_content_with_its_list():
    answer = compose(result(hit()), "en")
    assert answer.body.splitlines()[1] == "• the lender's application form;"
    assert answer.cut is False and answer.heading == "The documents to gather"


def test_a_long_section_is_cut_between_items_never_inside_one():
    text, cut = fit(shape(SECTION), 120)
    assert cut and text.splitlines() == ["Expect to be asked for most of the following:",
                                         "• the lender's application form;"]


def test_a_first_paragraph_longer_than_the_budget_is_cut_at_a_sentence():
    text, cut = fit(["One sentence here. " * 10 + "A last one without end"], 60)
    assert cut and text.endswith(".") and len(text) <= 60


def test_messaging_apps_get_a_shorter_answer_than_the_web():
    long_section = "\n".join(f"- item number {n} with a few words to make it long enough" for n in range(40))
    short = compose(result(hit(text=long_section)), "en", budget=SHORT_BUDGET)
    full = compose(result(hit(text=long_section)), "en", budget=FULL_BUDGET)
    assert len(short.body) <= SHORT_BUDGET < len(full.body) <= FULL_BUDGET and short.cut


def test_the_citation_links_to_our_guide_page_at_the_section(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://msme.example.org/")
    answer = compose(result(hit(anchor="qué-evalúan", language="es")), "es")
    expected = "https://msme.example.org/guides/finance-loan-application/es#qu%C3%A9-eval%C3%BAan"
    assert answer.url == expected and answer.citations[0]["url"] == expected
    assert "sba.gov" not in str(answer.payload())


def test_a_dropped_document_keeps_its_own_address():
    assert guide_url(hit(kind="pdf")) == "https://www.sba.gov/x"


def test_a_statement_paragraph_is_quoted_verbatim_and_flagged_as_english():
    answer = compose(result(hit("apec-smemm-2020", kind="statement", anchor="p6", heading="para. 6",
                                text="We encourage economies to improve MSMEs access to finance.")), "vi")
    assert answer.body == "“We encourage economies to improve MSMEs access to finance.”"
    assert answer.source_label == "Title of apec-smemm-2020, para. 6" and answer.from_english_only


def test_another_article_nearly_as_good_is_offered_as_see_also_once():
    answer = compose(result(hit(score=0.90), hit(anchor="next-steps", score=0.899),
                            hit("finance-credit-guarantees", score=0.89), hit("finance-cash-flow", score=0.80)), "en")
    assert [item["source_id"] for item in answer.see_also] == ["finance-credit-guarantees"]
    assert [c["source_id"] for c in answer.citations] == ["finance-loan-application"]


def test_no_hits_means_no_answer():
    assert compose(result(), "en") is None


def test_of_the_guides_sections_the_one_with_the_strongest_evidence_is_shown():
    summary = hit(anchor="next-steps", score=0.897, text=STEPS, heading="Next steps")
    summary.lexical = 3.5
    documents = hit(score=0.934)
    documents.lexical = 2.9
    answer = compose(result(summary, documents, hit("finance-cash-flow", score=0.95)), "en")
    assert answer.heading == "The documents to gather" and answer.citations[0]["anchor"] == "the-documents"
