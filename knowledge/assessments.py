"""Guided self-assessments (export readiness, digital maturity, finance readiness): their data, checks and scoring.

One YAML file per assessment in knowledge/assessments/: its dimensions (each
with the library article that covers it and one next step for an owner weak in
it), its multiple-choice questions (options worst to best, each with a score and
the free-text replies that mean it) and its levels; every text in every
first-wave language. Questions, options, weights and links live in the data,
not in code. `assessment_problems` lists what is wrong with a file: a text or a
translation missing, an option without a score, a linked article that does not
exist; `score` turns answers into a level per dimension and overall.

    python -m knowledge assessment --check     # every assessment, every problem (exit 1 if any)
"""
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from .config import FIRST_WAVE_LANGUAGES, SOURCES_DIR
from .language import fold_diacritics

ASSESSMENTS_DIR = Path(__file__).resolve().parent / "assessments"
ARTICLES_DIR = SOURCES_DIR / "articles"
MAX_BUTTON_CHARS = 40
MIN_OPTIONS, MAX_OPTIONS = 2, 4
WEAKEST_SHOWN = 3
Texts = Dict[str, str]


@dataclass
class Option:
    score: int
    text: Texts
    also: Dict[str, List[str]] = field(default_factory=dict)


@dataclass
class Question:
    id: str
    dimension: str
    text: Texts
    options: List[Option]


@dataclass
class Dimension:
    id: str
    name: Texts
    article: str
    next_step: Texts


@dataclass
class Level:
    min: float
    name: Texts


@dataclass
class Assessment:
    id: str
    title: Texts
    intro: Texts
    sources: List[dict]
    dimensions: List[Dimension]
    questions: List[Question]
    levels: List[Level]

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def level(self, share: float) -> Level:
        return [level for level in self.levels if share >= level.min][-1]


@dataclass
class Result:
    """Shares of the best possible score (0-1), per dimension answered and overall."""
    dimensions: Dict[str, float]
    overall: float
    weakest: List[str]  # dimension ids, weakest first, at most WEAKEST_SHOWN


def _texts_problems(value, where: str) -> List[str]:
    if not isinstance(value, dict):
        return [f"{where}: not a mapping of languages"]
    return [f"{where}: no {language} text" for language in FIRST_WAVE_LANGUAGES
            if not isinstance(value.get(language), str) or not value[language].strip()]


def article_exists(article_id: str, articles_dir: Path = ARTICLES_DIR) -> bool:
    return any(articles_dir.glob(f"*/{article_id}.en.md"))


def normalise(text: str) -> str:
    """Lower case, no diacritics (but Thai marks kept), no punctuation: how free-text replies are compared."""
    lowered = (text or "").lower()
    folded = lowered if re.search(r"[\u0e00-\u0e7f]", lowered) else fold_diacritics(lowered)
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def assessment_problems(data, name: str, articles_dir: Path = ARTICLES_DIR) -> List[str]:
    """Every problem of one assessment's data (an empty list when it can be run)."""
    if not isinstance(data, dict):
        return [f"{name}: not a mapping"]
    problems = []
    for key in ("title", "intro"):
        problems += _texts_problems(data.get(key), f"{name} {key}")
    if not data.get("sources"):
        problems.append(f"{name}: no sources")
    dimensions = data.get("dimensions") or []
    dimension_ids = [d.get("id") for d in dimensions if isinstance(d, dict)]
    if len(set(dimension_ids)) != len(dimension_ids) or not dimension_ids:
        problems.append(f"{name}: dimensions missing or not unique")
    for dimension in dimensions:
        where = f"{name} dimension {dimension.get('id')}"
        problems += _texts_problems(dimension.get("name"), f"{where} name")
        problems += _texts_problems(dimension.get("next_step"), f"{where} next_step")
        if not article_exists(str(dimension.get("article")), articles_dir):
            problems.append(f"{where}: article {dimension.get('article')!r} is not in the library")
    questions = data.get("questions") or []
    question_ids = [q.get("id") for q in questions if isinstance(q, dict)]
    if len(set(question_ids)) != len(question_ids) or not question_ids:
        problems.append(f"{name}: questions missing or not unique")
    asked = set()
    for question in questions:
        where = f"{name} question {question.get('id')}"
        problems += _texts_problems(question.get("text"), f"{where} text")
        if question.get("dimension") not in dimension_ids:
            problems.append(f"{where}: unknown dimension {question.get('dimension')!r}")
        asked.add(question.get("dimension"))
        options = question.get("options") or []
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            problems.append(f"{where}: {len(options)} options, not {MIN_OPTIONS}-{MAX_OPTIONS}")
        seen: Dict[str, int] = {}  # replies are matched in every language (owners mix them): none may mean two
        for number, option in enumerate(options, 1):
            spot = f"{where} option {number}"
            if not isinstance(option.get("score"), int) or isinstance(option.get("score"), bool):
                problems.append(f"{spot}: no score")
            problems += _texts_problems(option.get("text"), f"{spot} text")
            for language, text in (option.get("text") or {}).items():
                if isinstance(text, str) and len(text) > MAX_BUTTON_CHARS:
                    problems.append(f"{spot}: {language} text longer than {MAX_BUTTON_CHARS} characters")
            replies = [normalise(reply) for texts in (option.get("also") or {}).values() for reply in texts or []]
            replies += [normalise(text) for text in (option.get("text") or {}).values() if isinstance(text, str)]
            for reply in replies:
                if reply.isdigit():
                    problems.append(f"{spot}: reply {reply!r} is a number, read as an option's position")
                elif reply in seen and seen[reply] != number:
                    problems.append(f"{where}: reply {reply!r} means options {seen[reply]} and {number}")
                seen.setdefault(reply, number)
    for dimension_id in dimension_ids:
        if dimension_id not in asked:
            problems.append(f"{name} dimension {dimension_id}: no question")
    levels = data.get("levels") or []
    if not levels or levels[0].get("min") != 0 or [lv.get("min") for lv in levels] != sorted(
            lv.get("min") for lv in levels):
        problems.append(f"{name}: levels must start at 0 and rise")
    for level in levels:
        problems += _texts_problems(level.get("name"), f"{name} level {level.get('min')}")
    return problems


def build(data: dict) -> Assessment:
    return Assessment(
        id=data["id"], title=data["title"], intro=data["intro"], sources=data["sources"],
        dimensions=[Dimension(d["id"], d["name"], d["article"], d["next_step"]) for d in data["dimensions"]],
        questions=[Question(q["id"], q["dimension"], q["text"],
                            [Option(o["score"], o["text"], o.get("also") or {}) for o in q["options"]])
                   for q in data["questions"]],
        levels=[Level(float(level["min"]), level["name"]) for level in data["levels"]])


def load_assessments(folder: Path = ASSESSMENTS_DIR) -> Tuple[Dict[str, Assessment], List[str]]:
    """The assessments that can be run, by id, and the problems of every file."""
    found, problems = {}, []
    for path in sorted(folder.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            problems.append(f"{path.name}: cannot be read: {error}")
            continue
        own = assessment_problems(data, path.name)
        if isinstance(data, dict) and data.get("id") != path.stem:
            own.append(f"{path.name}: id must be {path.stem!r}")
        problems += own
        if not own:
            found[path.stem] = build(data)
    return found, problems


def match_option(question: Question, reply: str, language: str) -> Optional[int]:
    """The index of the option a free-text reply means: its number ("2"), its button text, or one of the
    replies listed for it in any language (owners mix languages); None when it means none of them."""
    said = normalise(reply)
    if said.isdigit() and 1 <= int(said) <= len(question.options):
        return int(said) - 1
    for index, option in enumerate(question.options):
        texts = list(option.text.values()) + [text for replies in option.also.values() for text in replies]
        if said and said in {normalise(text) for text in texts}:
            return index
    return None


def score(assessment: Assessment, answers: Dict[str, int]) -> Result:
    """Per dimension and overall, the share of the best possible score among the questions answered
    (``answers``: question id -> option index)."""
    got: Dict[str, float] = {}
    best: Dict[str, float] = {}
    for question in assessment.questions:
        if question.id not in answers:
            continue
        top = max(option.score for option in question.options)
        got[question.dimension] = got.get(question.dimension, 0) + question.options[answers[question.id]].score
        best[question.dimension] = best.get(question.dimension, 0) + top
    shares = {dimension: got[dimension] / best[dimension] if best[dimension] else 0.0 for dimension in got}
    overall = sum(got.values()) / sum(best.values()) if sum(best.values()) else 0.0
    order = [d.id for d in assessment.dimensions]
    weakest = sorted(shares, key=lambda d: (shares[d], order.index(d)))[:WEAKEST_SHOWN]
    return Result(shares, overall, weakest)
