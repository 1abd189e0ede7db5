"""The guidance library as a whole: every article in every language.

    python -m knowledge.library            # article x language table with word counts
    python -m knowledge.library --check    # also list every problem; exit 1 if any

Checks, per language version: it parses (front-matter, sections); it has
sources; no placeholder text; no paragraph left in English in another
language; it ends with the localised "Next steps" section; it cites every
statement paragraph it lists under `cites`; its length is 200-450 words
(English-word equivalents, see WORDS_PER_UNIT); it lists at least
MIN_QUESTIONS readers' questions, in its own language. Per article: a version in
every language, all with the same topic and the same `cites`.
"""
import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

from .config import LANGUAGES, SOURCES_DIR
from .errors import IngestError
from .ingest.articles import parse_article, split_front_matter, split_sections
from .text import markdown_to_text, paragraphs

ARTICLES_DIR = SOURCES_DIR / "articles"
MIN_WORDS, MAX_WORDS = 200, 450
# Readers' questions are how search finds an article when users word things their own way.
MIN_QUESTIONS = 3

NEXT_STEPS = {
    "en": "Next steps", "es": "Próximos pasos", "zh": "下一步", "id": "Langkah selanjutnya",
    "ms": "Langkah seterusnya", "vi": "Các bước tiếp theo", "th": "ขั้นตอนถัดไป", "ja": "次のステップ",
    "ko": "다음 단계", "ru": "Что делать дальше", "fil": "Mga susunod na hakbang", "zh-Hant": "下一步",
}
# How each language cites a paragraph of the 2020 statement; {n} is the paragraph number.
STATEMENT_CITATION = {
    "en": r"APEC SME ministers, 2020, para\. {n}\b",
    "es": r"ministros de pymes de APEC, 2020, párr\. {n}\b",
    "zh": r"APEC中小企业部长，2020年，第{n}段",
    "id": r"Menteri UKM APEC, 2020, paragraf {n}\b",
    "ms": r"Menteri PKS APEC, 2020, perenggan {n}\b",
    "vi": r"Bộ trưởng DNNVV APEC, 2020, đoạn {n}\b",
    "th": r"รัฐมนตรี SME เอเปค, 2020, ย่อหน้า {n}\b",
    "ja": r"APEC中小企業担当大臣、2020年、第{n}段落",
    "ko": r"APEC 중소기업 장관, 2020, 제{n}항",
    "ru": r"министры АТЭС по делам МСП, 2020, п\. {n}\b",
    "fil": r"mga ministro ng SME ng APEC, 2020, talata {n}\b",
    "zh-Hant": r"APEC中小企業部長，2020年，第{n}段",
}
# Languages written without spaces between words are measured in characters,
# Vietnamese in syllables. These factors turn the counts into English-word
# equivalents so one length rule fits every language: each is the median ratio
# (units per English word) over the 34 parallel articles of the library, measured
# 2026-11-28 (es 1.24 words, zh 1.76 characters, th 5.8 characters, vi 1.6
# syllables; id and ms are within 4% of English and are counted as they are),
# and for the next wave over their first versions, 2026-12-04 (ja 2.38 kana and
# kanji, ko 0.78 space-separated words, zh-Hant as zh; ru and fil within 7%).
WORDS_PER_UNIT = {"es": 1 / 1.24, "zh": 1 / 1.76, "th": 1 / 5.8, "vi": 1 / 1.6, "ja": 1 / 2.38, "ko": 1 / 0.78,
                  "zh-Hant": 1 / 1.76}
_PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|XXX)\b|(?i:\blorem\b|\bplaceholder\b|\[translat)")
_HAN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # with kana: Japanese is counted like Chinese
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def word_count(text: str, language: str) -> int:
    """Length in English-word equivalents (a step's number is not a word)."""
    text = re.sub(r"(?m)^\d+\. ", "", text)
    if language in ("zh", "zh-Hant", "ja"):
        units = len(_HAN.findall(text)) + len(re.findall(r"[A-Za-z0-9]+", text))
    elif language == "th":
        units = len(_THAI.findall(text)) + 5.8 * len(re.findall(r"[A-Za-z0-9]+", text))
    else:
        units = len(text.split())
    return round(units * WORDS_PER_UNIT.get(language, 1.0))


@dataclass
class Version:
    path: Path
    language: str
    meta: dict = field(default_factory=dict)
    words: int = 0
    problems: List[str] = field(default_factory=list)


def _english_leftovers(body: str, questions: List[str]) -> List[str]:
    from .language import detect_language

    leftovers = []
    for block in paragraphs(markdown_to_text(body)):
        if len(block) >= 60 and detect_language(block, min_confidence=0.5) == "en":
            leftovers.append(block[:60])
    # Questions are short, so only a confident detection counts.
    leftovers.extend(question for question in questions if detect_language(question, min_confidence=0.8) == "en")
    return leftovers


_QUOTES = set("\"'“”«»「」")


def check_version(path: Path) -> Version:
    language = path.name[: -len(".md")].rpartition(".")[2]
    version = Version(path=path, language=language)
    try:
        document = parse_article(path, path.name)
    except IngestError as error:
        version.problems.append(error.reason)
        return version
    text = path.read_text(encoding="utf-8")
    meta, body = split_front_matter(path, text)
    version.meta = meta
    plain = markdown_to_text(body)
    version.words = word_count(plain, language)
    if not MIN_WORDS <= version.words <= MAX_WORDS:
        version.problems.append(f"{version.words} words; keep it within {MIN_WORDS}-{MAX_WORDS}")
    if document.title[:1] in _QUOTES or document.title[-1:] in _QUOTES:  # a translation tool's leftovers
        version.problems.append(f"the title is wrapped in quote marks: {document.title!r}")
    if _PLACEHOLDER.search(text):
        version.problems.append(f"placeholder text: {_PLACEHOLDER.search(text).group(0)!r}")
    if len(document.questions) < MIN_QUESTIONS:
        version.problems.append(f"{len(document.questions)} readers' questions; list at least {MIN_QUESTIONS}")
    if language != "en":
        for leftover in _english_leftovers(body, document.questions):
            version.problems.append(f"English left untranslated: {leftover!r}...")
    headings = [heading for heading, _ in split_sections(body) if heading]
    wanted = NEXT_STEPS.get(language)
    if wanted and (not headings or headings[-1] != wanted):
        version.problems.append(f"the last section must be '## {wanted}'")
    for cited in meta.get("cites") or []:
        number = str(cited).rpartition("#p")[2]
        pattern = STATEMENT_CITATION.get(language, "").format(n=number)
        if pattern and not re.search(pattern, plain):
            version.problems.append(f"cites {cited} but the text has no '{pattern.replace(chr(92), '')}'")
    if document.sources and not any("apec.org" in s["url"] for s in document.sources) and meta.get("cites"):
        version.problems.append("cites the 2020 statement but does not list it under sources")
    return version


def load_library(articles_dir: Path = ARTICLES_DIR) -> Dict[str, Dict[str, Version]]:
    library: Dict[str, Dict[str, Version]] = defaultdict(dict)
    for path in sorted(Path(articles_dir).rglob("*.md")):
        article_id = path.name[: -len(".md")].rpartition(".")[0]
        version = check_version(path)
        library[article_id][version.language] = version
    return dict(library)


def library_problems(library: Dict[str, Dict[str, Version]]) -> List[str]:
    problems = []
    for article_id, versions in sorted(library.items()):
        for language in LANGUAGES:
            if language not in versions:
                problems.append(f"{article_id}: no {language} version")
        for version in versions.values():
            problems.extend(f"{version.path.parent.name}/{version.path.name}: {p}" for p in version.problems)
        topics = {v.meta.get("topic") for v in versions.values() if v.meta}
        if len(topics) > 1:
            problems.append(f"{article_id}: language versions disagree on topic: {sorted(map(str, topics))}")
        cites = {tuple(v.meta.get("cites") or []) for v in versions.values() if v.meta}
        if len(cites) > 1:
            problems.append(f"{article_id}: language versions cite different paragraphs: {sorted(cites)}")
    return problems


def coverage_table(library: Dict[str, Dict[str, Version]]) -> str:
    width = max([len(article_id) for article_id in library] + [10])
    lines = [f"{'article':<{width}} {'topic':<8}" + "".join(f"{lang:>6}" for lang in LANGUAGES)]
    per_topic = defaultdict(int)
    for article_id, versions in sorted(library.items(), key=lambda item: (_topic(item[1]), item[0])):
        topic = _topic(versions)
        per_topic[topic] += 1
        cells = []
        for language in LANGUAGES:
            version = versions.get(language)
            cell = "-" if version is None else f"{version.words}{'!' if version.problems else ''}"
            cells.append(f"{cell:>6}")
        lines.append(f"{article_id:<{width}} {topic:<8}" + "".join(cells))
    lines.append("")
    lines.append(f"{len(library)} articles: " + ", ".join(f"{n} {topic}" for topic, n in sorted(per_topic.items())))
    lines.append("cells: length in English-word equivalents; '!' marks a version with problems (--check)")
    return "\n".join(lines)


def _topic(versions: Dict[str, Version]) -> str:
    return next((str(v.meta.get("topic")) for v in versions.values() if v.meta), "?")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge.library", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="list problems and exit 1 if there are any")
    parser.add_argument("--articles", type=Path, default=ARTICLES_DIR)
    args = parser.parse_args(argv)
    library = load_library(args.articles)
    print(coverage_table(library))
    if args.check:
        problems = library_problems(library)
        for problem in problems:
            print(f"PROBLEM {problem}")
        print(f"{len(problems)} problems")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
