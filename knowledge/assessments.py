"""Guided self-assessments (export readiness, digital maturity, finance readiness): their data, checks and scoring.

One YAML file per assessment in knowledge/assessments/: its dimensions (each
with the library article that covers it and one next step for an owner weak in
it), its multiple-choice questions (options worst to best, each with a score and
the free-text replies that mean it) and its levels; every text in every
language. Questions, options, weights and links live in the data,
not in code. `assessment_problems` lists what is wrong with a file: a text or a
translation missing, an option without a score, a linked article that does not
exist; `score` turns answers into a level per dimension and overall.

    python -m knowledge assessment --check     # every assessment, every problem (exit 1 if any)
"""
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import yaml

from .config import LANGUAGES, SOURCES_DIR
from .language import fold_diacritics

ASSESSMENTS_DIR = Path(__file__).resolve().parent / "assessments"
ARTICLES_DIR = SOURCES_DIR / "articles"
MAX_BUTTON_CHARS = 40
MIN_OPTIONS, MAX_OPTIONS = 2, 4
WEAKEST_SHOWN = 3
# A reply matched by meaning must be this much nearer its option than the next one (cosine), else the
# question is asked again: chosen on eval/blind/assessment_replies_dev.yml (right 0.77, wrong 0.09, asked
# again 0.14 there; with no margin: right 0.85, wrong 0.14). A wrong answer skews the result silently, a
# question asked again costs one message.
MIN_MARGIN = 0.005
# A reply that asks something back is not an answer: "?" in most languages; Thai asks with a final particle
# ("...ใช่ไหมคะ", "...ให้ไหม", "หมายถึงอะไร") and seldom types "?". Not อะไร alone: "ไม่ได้ทำอะไร" answers.
ASKS_BACK = re.compile(r"[?？]|(ไหม|มั้ย|หรือเปล่า|รึเปล่า|เหรอ|หรอ|หมายถึงอะไร|คืออะไร)\s*(คะ|ค่ะ|ครับ|นะ|จ๊ะ|จ้า)?\s*$")
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
    keywords: Dict[str, List[str]]  # words that name this check in a request, per language
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
    return [f"{where}: no {language} text" for language in LANGUAGES
            if not isinstance(value.get(language), str) or not value[language].strip()]


def article_exists(article_id: str, articles_dir: Path = ARTICLES_DIR) -> bool:
    return any(articles_dir.glob(f"*/{article_id}.en.md"))


def normalise(text: str) -> str:
    """Lower case, no diacritics (but Thai and Japanese marks kept, Korean syllables whole), no punctuation:
    how free-text replies are compared."""
    lowered = (text or "").lower()
    # Thai vowels and tones and Japanese voicing marks are letters' marks, not accents: stripping them
    # would make other words. Folding splits a Korean syllable into its letters: NFC puts it back.
    keep = re.search(r"[\u0e00-\u0e7f\u3040-\u30ff]", lowered)
    folded = lowered if keep else unicodedata.normalize("NFC", fold_diacritics(lowered))
    return " ".join(re.sub(r"[^\w\s\u0e00-\u0e7f]", " ", folded).split())  # Thai vowels are marks, not \w


def assessment_problems(data, name: str, articles_dir: Path = ARTICLES_DIR) -> List[str]:
    """Every problem of one assessment's data (an empty list when it can be run)."""
    if not isinstance(data, dict):
        return [f"{name}: not a mapping"]
    problems = []
    for key in ("title", "intro"):
        problems += _texts_problems(data.get(key), f"{name} {key}")
    keywords = data.get("keywords") if isinstance(data.get("keywords"), dict) else {}
    problems += [f"{name} keywords: none in {language}" for language in LANGUAGES
                 if not keywords.get(language)]
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
        id=data["id"], title=data["title"], intro=data["intro"], keywords=data["keywords"], sources=data["sources"],
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


def _names(text: str, phrase: str, whole_word: bool) -> bool:
    """Whether normalised ``text`` holds normalised ``phrase``: as a substring in scripts without spaces
    (Chinese, Japanese, Korean, Thai; Korean writes spaces but attaches particles: 대출을), else starting
    at a word boundary (and ending at one when ``whole_word``)."""
    if not phrase:
        return False
    if re.search(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff]", phrase) or (
            not whole_word and re.search(r"[\uac00-\ud7af]", phrase)):
        return phrase in text
    return re.search(r"(?<!\w)" + re.escape(phrase) + (r"(?!\w)" if whole_word else ""), text) is not None


def named_assessment(assessments: Dict[str, Assessment], text: str) -> Optional[str]:
    """The one assessment whose keywords (in any language: owners mix them) the text names, else None
    (none named, or two: "a loan to go digital" is asked about)."""
    said = normalise(text)
    named = [assessment.id for assessment in assessments.values()
             if any(_names(said, normalise(word), whole_word=False)
                    for words in assessment.keywords.values() for word in words)]
    return named[0] if len(named) == 1 else None


def next_question(assessment: Assessment, answers: Dict[str, int]) -> Optional[Question]:
    """The first question not answered yet, in the data's order; None when all are."""
    return next((question for question in assessment.questions if question.id not in answers), None)


class ReplyMatcher:
    """Typed replies to options, as owners write them: the option's number, its text or a reply the data
    lists for it (``match_option``); else the option nearest in meaning (the knowledge engine's multilingual
    encoder, against every option's texts and listed replies), when it is clearly nearer than the next.
    A reply that asks something back ("what do you mean?") is not an answer."""

    def __init__(self, encoder: Callable[[], Optional[object]], min_margin: float = MIN_MARGIN):
        self._encoder = encoder  # called on first use: the encoder, or None when it cannot be loaded
        self.min_margin = min_margin
        self._anchors: Dict[Tuple[str, str], Tuple[np.ndarray, np.ndarray]] = {}

    def anchors(self, question: Question, language: str, encoder) -> Tuple[np.ndarray, np.ndarray]:
        key = (question.id, language)
        if key not in self._anchors:
            texts, owners = [], []
            for index, option in enumerate(question.options):
                own = [option.text[language], *option.also.get(language, [])]
                if language != "en":  # English words are common in every language's chat
                    own.append(option.text["en"])
                texts += own
                owners += [index] * len(own)
            self._anchors[key] = (encoder.encode_passages(texts), np.array(owners))
        return self._anchors[key]

    def match(self, question: Question, reply: str, language: str,
              by_meaning: bool = True) -> Tuple[Optional[int], bool]:
        """(option index or None, whether it was matched by meaning rather than by its words)."""
        listed = match_option(question, reply, language)
        if listed is not None:
            return listed, False
        if not by_meaning or not normalise(reply) or ASKS_BACK.search(reply.strip()):
            return None, False
        encoder = self._encoder()
        if encoder is None:
            return None, False
        vectors, owners = self.anchors(question, language, encoder)
        similarity = vectors @ encoder.encode_queries([reply[:500]])[0]
        nearest = sorted(((float(similarity[owners == index].max()), index)
                          for index in range(len(question.options))), reverse=True)
        if nearest[0][0] - nearest[1][0] < self.min_margin:
            return None, False
        return nearest[0][1], True
