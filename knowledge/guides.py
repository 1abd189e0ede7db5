"""Readable web pages for the library: every article version, and the statement, at a stable URL.

    /guides/<id>/<language>      e.g. /guides/finance-loan-application/es#documentos-que-debe-reunir

Answers cite these pages (knowledge/answer.py), so a reader on any channel can
open the whole guide, see its date and its sources. Each page is rendered from
the same Markdown the index reads; its section ids are the anchors the index
gives the sections (GitHub-style slugs, "intro" for the text before the first
heading), so a citation lands on the section that answered. Raw HTML in the
Markdown is not rendered, only escaped.
"""
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from markdown_it import MarkdownIt

from .config import LANGUAGES, SOURCES_DIR
from .ingest.articles import split_front_matter, split_sections
from .ingest.statement import parse_statement
from .text import slugify, unique_anchor

# The page's own words, per language (the article's words are the article's).
LABELS = {
    "en": {"updated": "Updated", "sources": "Sources", "other": "Other languages", "chat": "Ask the assistant",
           "statement": "Original text on apec.org", "guide": "APEC MSME assistant guide"},
    "es": {"updated": "Actualizada", "sources": "Fuentes", "other": "Otros idiomas", "chat": "Pregunta al asistente",
           "statement": "Texto original en apec.org", "guide": "Guía del asistente para mipymes de APEC"},
    "zh": {"updated": "更新日期", "sources": "来源", "other": "其他语言", "chat": "向助手提问",
           "statement": "apec.org 上的原文", "guide": "APEC 中小微企业助手指南"},
    "id": {"updated": "Diperbarui", "sources": "Sumber", "other": "Bahasa lain", "chat": "Tanya asisten",
           "statement": "Teks asli di apec.org", "guide": "Panduan asisten UMKM APEC"},
    "ms": {"updated": "Dikemas kini", "sources": "Sumber", "other": "Bahasa lain", "chat": "Tanya pembantu",
           "statement": "Teks asal di apec.org", "guide": "Panduan pembantu PMKS APEC"},
    "vi": {"updated": "Cập nhật", "sources": "Nguồn", "other": "Ngôn ngữ khác", "chat": "Hỏi trợ lý",
           "statement": "Văn bản gốc trên apec.org", "guide": "Hướng dẫn của trợ lý doanh nghiệp nhỏ APEC"},
    "th": {"updated": "ปรับปรุงเมื่อ", "sources": "แหล่งที่มา", "other": "ภาษาอื่น", "chat": "ถามผู้ช่วย",
           "statement": "ต้นฉบับบน apec.org", "guide": "คู่มือจากผู้ช่วย SME ของเอเปค"},
    "ja": {"updated": "更新日", "sources": "出典", "other": "他の言語", "chat": "アシスタントに質問する",
           "statement": "apec.org の原文", "guide": "APEC 中小企業アシスタントのガイド"},
    "ko": {"updated": "업데이트", "sources": "출처", "other": "다른 언어", "chat": "도우미에게 묻기",
           "statement": "apec.org 원문", "guide": "APEC 중소기업 도우미 안내서"},
    "ru": {"updated": "Обновлено", "sources": "Источники", "other": "Другие языки", "chat": "Спросить помощника",
           "statement": "Оригинал на apec.org", "guide": "Руководство помощника АТЭС для МСП"},
    "fil": {"updated": "Na-update", "sources": "Mga pinagkunan", "other": "Ibang wika",
            "chat": "Magtanong sa assistant",
            "statement": "Orihinal na teksto sa apec.org", "guide": "Gabay ng APEC MSME assistant"},
    "zh-Hant": {"updated": "更新日期", "sources": "來源", "other": "其他語言", "chat": "向助理提問",
                "statement": "apec.org 上的原文", "guide": "APEC 中小企業助理指南"},
}
LANGUAGE_NAMES = {"en": "English", "es": "Español", "zh": "简体中文", "id": "Bahasa Indonesia", "ms": "Bahasa Melayu",
                  "vi": "Tiếng Việt", "th": "ไทย", "ja": "日本語", "ko": "한국어", "ru": "Русский", "fil": "Filipino",
                  "zh-Hant": "繁體中文"}


@dataclass
class Guide:
    source_id: str
    language: str
    title: str
    date: str
    body_html: str
    sources: List[dict]
    languages: List[str]  # every language this guide exists in
    original_url: Optional[str] = None  # the statement's own page


class GuideNotFound(LookupError):
    pass


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _article_paths(sources_dir: Path, source_id: str) -> Dict[str, Path]:
    """{language: path} of every version of article ``source_id``."""
    found = {}
    for path in (sources_dir / "articles").glob(f"*/{source_id}.*.md"):
        language = path.name[len(source_id) + 1:-len(".md")]
        if language in LANGUAGES:
            found[language] = path
    return found


def _article(sources_dir: Path, source_id: str, language: str) -> Guide:
    versions = _article_paths(sources_dir, source_id)
    if language not in versions:
        raise GuideNotFound(f"no guide {source_id!r} in {language!r}")
    path = versions[language]
    meta, body = split_front_matter(path, path.read_text(encoding="utf-8"))
    markdown, seen, parts = _markdown(), {}, []
    for heading, text in split_sections(body):
        anchor = unique_anchor(slugify(heading) if heading else "intro", seen)
        title = f"<h2>{html.escape(heading)}</h2>\n" if heading else ""
        parts.append(f'<section id="{html.escape(anchor)}">\n{title}{markdown.render(text)}</section>')
    sources = [{"title": str(s.get("title", "")), "url": str(s.get("url", ""))} for s in meta.get("sources") or []]
    return Guide(source_id, language, str(meta.get("title", source_id)), str(meta.get("updated", "")),
                 "\n".join(parts), sources, sorted(versions, key=_language_order))


def _statement(sources_dir: Path, source_id: str) -> Guide:
    path = sources_dir / "statement" / f"{source_id}.txt"
    if not path.is_file():
        raise GuideNotFound(f"no statement {source_id!r}")
    document = parse_statement(path, path.name)
    paragraphs = "\n".join(
        f'<section id="{section.anchor}"><p><span class="guide__number">{section.anchor[1:]}.</span> '
        f"{html.escape(section.text)}</p></section>" for section in document.sections)
    return Guide(document.source_id, document.language, document.title, document.date, paragraphs, [],
                 [document.language], original_url=document.url)


def _language_order(language: str) -> int:
    return LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES)


def load_guide(source_id: str, language: str, sources_dir: Path = SOURCES_DIR) -> Guide:
    """The guide ``source_id`` in ``language``, or GuideNotFound."""
    if not source_id or "/" in source_id or source_id.startswith("."):
        raise GuideNotFound(f"no guide {source_id!r}")
    if (sources_dir / "statement" / f"{source_id}.txt").is_file():
        if language != "en":
            raise GuideNotFound(f"the statement {source_id!r} exists in English only")
        return _statement(sources_dir, source_id)
    return _article(sources_dir, source_id, language)


def render_page(guide: Guide, chat_url: str = "/") -> str:
    """The whole HTML page for ``guide``."""
    labels = LABELS.get(guide.language, LABELS["en"])
    escape = html.escape
    other = [f'<a href="/guides/{escape(guide.source_id)}/{code}" lang="{code}" hreflang="{code}">'
             f"{escape(LANGUAGE_NAMES.get(code, code))}</a>" for code in guide.languages if code != guide.language]
    sources = "".join(f'<li><a href="{escape(s["url"])}" rel="noopener">{escape(s["title"])}</a></li>'
                      for s in guide.sources if s["url"].startswith(("https://", "http://")))
    original = (f'<p><a href="{escape(guide.original_url)}" rel="noopener">{escape(labels["statement"])}</a></p>'
                if guide.original_url else "")
    return f"""<!doctype html>
<html lang="{escape(guide.language)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{escape(guide.title)}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/guide.css">
</head>
<body>
  <main class="guide">
    <p class="guide__kind">{escape(labels["guide"])}</p>
    <h1>{escape(guide.title)}</h1>
    <p class="guide__date">{escape(labels["updated"])}:
      <time datetime="{escape(guide.date)}">{escape(guide.date)}</time></p>
    {original}
    <article class="guide__body">
{guide.body_html}
    </article>
    {f'<h2>{escape(labels["sources"])}</h2><ul class="guide__sources">{sources}</ul>' if sources else ""}
    {f'<nav aria-label="{escape(labels["other"])}"><h2>{escape(labels["other"])}</h2><p>{" · ".join(other)}</p></nav>'
     if other else ""}
    <p><a class="guide__chat" href="{escape(chat_url)}">{escape(labels["chat"])}</a></p>
  </main>
</body>
</html>
"""
