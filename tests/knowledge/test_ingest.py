import pytest

from knowledge.errors import IngestError
from knowledge.ingest import read_sources
from knowledge.ingest.articles import parse_article
from knowledge.ingest.dropped import parse_html, parse_markdown, parse_pdf
from tests.knowledge.pdf_factory import make_pdf

GOOD_BODY = "Intro text.\n\n## Getting paid\nAsk for a deposit.\n\n## Next steps\n1. Call the bank."


def article_text(**overrides):
    fields = {"id": "export-payment", "topic": "export", "language": "en", "title": "Getting paid",
              "sources": "\n  - title: Src\n    url: https://example.org", "updated": "2026-11-01"}
    fields.update(overrides)
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + GOOD_BODY


def write(tmp_path, text, name="export/export-payment.en.md"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_article_gives_sections_with_github_style_anchors(tmp_path):
    document = parse_article(write(tmp_path, article_text()), "x")
    assert [s.anchor for s in document.sections] == ["intro", "getting-paid", "next-steps"]
    assert document.url == "https://example.org"  # the first source when no url is given
    assert document.kind == "article" and document.topic == "export" and document.language == "en"


def test_readers_questions_are_optional_and_read_as_a_list(tmp_path):
    assert parse_article(write(tmp_path, article_text()), "x").questions == []
    text = article_text(questions="\n  - ' How do I get paid?'\n  - Is a deposit normal?")
    assert parse_article(write(tmp_path, text), "x").questions == ["How do I get paid?", "Is a deposit normal?"]


def test_non_latin_headings_keep_their_letters_in_anchors(tmp_path):
    text = article_text(language="th").replace("## Getting paid", "## การรับชำระเงิน")
    document = parse_article(write(tmp_path, text, "export/export-payment.th.md"), "x")
    assert document.sections[1].anchor == "การรับชำระเงิน"


@pytest.mark.parametrize("overrides, message", [
    ({"title": None}, "missing field 'title'"),
    ({"sources": None}, "missing field 'sources'"),
    ({"sources": "[]"}, "missing field 'sources'"),
    ({"topic": "marketing"}, "topic 'marketing' is not one of"),
    ({"language": "xx"}, "language 'xx' is not one of"),
    ({"updated": "last week"}, "is not a date"),
    ({"id": "Export_Payment"}, "must be lower-case words"),
    ({"sources": "\n  - title: Src\n    url: ftp://x"}, "is not a web address"),
    ({"sources": "\n  - title: Src"}, "needs both a title and a url"),
    ({"questions": "How do I get paid?"}, "questions must be a list"),
    ({"questions": "\n  - How do I get paid?\n  - ''"}, "questions must be a list of non-empty"),
])
def test_front_matter_errors_name_the_problem(tmp_path, overrides, message):
    with pytest.raises(IngestError, match=message):
        parse_article(write(tmp_path, article_text(**overrides)), "x")


def test_file_name_must_agree_with_front_matter(tmp_path):
    with pytest.raises(IngestError, match="file name says id 'other'"):
        parse_article(write(tmp_path, article_text(), "export/other.en.md"), "x")
    with pytest.raises(IngestError, match="file is in folder 'digital'"):
        parse_article(write(tmp_path, article_text(), "digital/export-payment.en.md"), "x")


def test_missing_or_broken_front_matter(tmp_path):
    with pytest.raises(IngestError, match="no front-matter"):
        parse_article(write(tmp_path, GOOD_BODY), "x")
    with pytest.raises(IngestError, match="not valid YAML"):
        parse_article(write(tmp_path, "---\ntitle: [unclosed\n---\n" + GOOD_BODY), "x")


def test_an_empty_section_is_an_error(tmp_path):
    text = article_text().replace("## Next steps\n1. Call the bank.", "## Next steps\n")
    with pytest.raises(IngestError, match="section 'Next steps' is empty"):
        parse_article(write(tmp_path, text), "x")


def test_pdf_pages_become_sections_citing_their_page(tmp_path):
    path = tmp_path / "guide.pdf"
    pages = ["Letters of credit\nreduce payment risk.", "", "Open account terms suit trusted buyers."]
    path.write_bytes(make_pdf(pages,
                              title="Trade finance guide"))
    document = parse_pdf(path, "documents/guide.pdf")
    assert [(s.anchor, s.page) for s in document.sections] == [("page-1", 1), ("page-3", 3)]
    assert document.title == "Trade finance guide"
    assert "reduce payment risk" in document.sections[0].text
    assert document.language == "en"


def test_html_sections_follow_headings_without_scripts(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("""<html lang="es-MX"><head><title>Guía</title><script>var x = 1;</script></head><body>
        <nav>Inicio | Contacto</nav>
        <p>Texto inicial.</p>
        <h2 id="aduanas">Trámites de aduana</h2><p>Declare el valor en <b>aduana</b>.</p>
        <ul><li><p>Use un agente</p></li></ul>
        <h2>Origen</h2><p>Pida el certificado.</p></body></html>""", encoding="utf-8")
    document = parse_html(path, "documents/page.html")
    assert document.title == "Guía" and document.language == "es"
    assert [s.anchor for s in document.sections] == ["top", "aduanas", "origen"]
    assert document.sections[1].text == "Declare el valor en aduana .\n\nUse un agente"
    assert "var x" not in " ".join(s.text for s in document.sections)
    assert "Inicio" not in " ".join(s.text for s in document.sections)


def test_markdown_sections_follow_its_headings_and_its_title_line(tmp_path):
    path = tmp_path / "vanilla.md"
    path.write_text("# Vanilla grading\n\nIntro line\nwrapped.\n\n## Grade A\nMoist, long beans.\n\n"
                    "## Grade A\nA second part.\n", encoding="utf-8")
    document = parse_markdown(path, "documents/uploads/vanilla.md")
    assert (document.title, document.kind) == ("Vanilla grading", "markdown")
    assert [(s.anchor, s.heading, s.text) for s in document.sections] == [
        ("intro", "", "Intro line wrapped."), ("grade-a", "Grade A", "Moist, long beans."),
        ("grade-a-1", "Grade A", "A second part.")]
    path.write_bytes("café".encode("latin-1"))
    with pytest.raises(IngestError, match="UTF-8"):
        parse_markdown(path, "documents/uploads/vanilla.md")


def test_a_sidecar_overrides_title_url_and_topic(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><h1>Raw title</h1><p>Some export advice for small firms.</p></body></html>")
    (tmp_path / "page.html.meta.yml").write_text("title: Export advice\nurl: https://example.org/a\ntopic: export\n")
    document = parse_html(path, "documents/page.html")
    assert (document.title, document.url, document.topic) == ("Export advice", "https://example.org/a", "export")


@pytest.mark.parametrize("name, content, message", [
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
    ("scan.pdf", make_pdf(["", ""]), "no extractable text"),
    ("empty.html", b"   ", "the file is empty"),
    ("image.html", bytes(range(256)) * 4, "binary content"),
    ("notes.docx", b"PK\x03\x04", "unsupported file"),
])
def test_a_bad_file_is_named_and_the_rest_still_builds(sources, name, content, message):
    documents = sources / "documents"
    documents.mkdir()
    (documents / name).write_bytes(content)
    (documents / "good.html").write_text("<h1>Customs</h1><p>Use the single window.</p>", encoding="utf-8")
    results = read_sources(sources)
    errors = [r.error for r in results if r.error]
    assert len(errors) == 1
    assert errors[0].path.name == name and message in str(errors[0])
    assert {r.relpath for r in results if r.document} >= {
        "documents/good.html", "statement/apec-smemm-2020.txt", "articles/export/export-credit-insurance.en.md"}


def test_a_second_document_with_an_existing_source_id_is_skipped_by_the_build(sources, encoder, tmp_path):
    from knowledge.index import build_index

    (sources / "documents").mkdir()
    (sources / "documents" / "dup.html").write_text("<p>Duplicate.</p>", encoding="utf-8")
    (sources / "documents" / "dup.html.meta.yml").write_text("source_id: export-credit-insurance\nlanguage: en\n")
    report = build_index(sources, tmp_path / "index", encoder)
    assert [error.path.name for error in report.errors] == ["dup.html"]
    assert "already used by articles/export/export-credit-insurance.en.md" in str(report.errors[0])
    assert report.documents == 3


def _statement_companion(sources, suffix, text):
    path = sources / "statement" / f"apec-smemm-2020{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def test_statement_views_are_read_with_the_statement_not_as_a_source(sources):
    views = "th:\n  p11: แผนยุทธศาสตร์มีห้าด้าน\nes:\n  p11: El plan tiene cinco áreas\n"
    _statement_companion(sources, ".views.yml", views)
    read = read_sources(sources)
    assert not [s for s in read if s.relpath.endswith(".views.yml")]
    statement = next(s.document for s in read if s.document and s.document.kind == "statement")
    p11 = next(section for section in statement.sections if section.anchor == "p11")
    assert p11.views == {"th": "แผนยุทธศาสตร์มีห้าด้าน", "es": "El plan tiene cinco áreas"}
    assert p11.text.startswith("We endorse the SME Working Group Strategic Plan")  # the original, verbatim


def test_statement_questions_are_read_per_paragraph_in_every_language(sources):
    _statement_companion(sources, ".questions.yml", "en:\n  p3: ['What about women-owned firms?']\n"
                                                    "vi:\n  p3: [\"Còn doanh nghiệp của phụ nữ?\"]\n")
    read = read_sources(sources)
    assert not [s for s in read if s.relpath.endswith(".questions.yml")]
    statement = next(s.document for s in read if s.document and s.document.kind == "statement")
    questions = {section.anchor: section.questions for section in statement.sections if section.questions}
    assert questions == {"p3": ["What about women-owned firms?", "Còn doanh nghiệp của phụ nữ?"]}


@pytest.mark.parametrize("suffix, text, message", [
    (".views.yml", "th:\n  p99: ไม่มีย่อหน้านี้\n", "no such paragraphs ['p99']"),
    (".views.yml", "xx:\n  p1: text\n", "expected '<language>: {p1: text, ...}'"),
    (".views.yml", "th: [unclosed\n", "not valid YAML"),
    (".questions.yml", "en:\n  p13: ['Is there a paragraph 13?']\n", "no such paragraphs ['p13']"),
    (".questions.yml", "en:\n  p1: Who chaired it?\n", "p1 must be a list of non-empty questions"),
    (".questions.yml", "en: [p1]\n", "expected '<language>: {p1: [question, ...]}'"),
])
def test_a_broken_statement_companion_is_named_and_the_rest_still_builds(sources, suffix, text, message):
    path = _statement_companion(sources, suffix, text)
    read = read_sources(sources)
    failed = [s for s in read if s.error]
    assert len(failed) == 1 and message in str(failed[0].error) and path.name in str(failed[0].error)
    assert [s for s in read if s.document and s.document.kind == "article"]
