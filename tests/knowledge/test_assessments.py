"""The self-assessments' data files: complete in every language, scorable, linked to real articles."""
import copy

import pytest
import yaml

from knowledge.assessments import (
    ASSESSMENTS_DIR,
    assessment_problems,
    build,
    load_assessments,
    match_option,
    score,
)
from knowledge.config import LANGUAGES


def texts(word):
    return {language: f"{word} ({language})" for language in LANGUAGES}


def small():
    """Two dimensions, three questions: the smallest assessment that has every part."""
    def question(qid, dimension):
        return {"id": qid, "dimension": dimension, "text": texts(qid), "options": [
            {"score": 0, "text": texts(f"{qid} no"), "also": {"en": ["nope", "not yet"], "es": ["todavía no"]}},
            {"score": 3, "text": texts(f"{qid} yes"), "also": {"en": ["yes we do"], "zh": ["有"]}},
        ]}
    return {
        "id": "small", "title": texts("title"), "intro": texts("intro"),
        "keywords": {language: ["small"] for language in LANGUAGES},
        "sources": [{"title": "x", "url": "https://example.org"}],
        "dimensions": [
            {"id": "plan", "name": texts("plan"), "article": "export-readiness-check", "next_step": texts("do")},
            {"id": "cash", "name": texts("cash"), "article": "finance-cash-flow", "next_step": texts("do")},
        ],
        "questions": [question("q1", "plan"), question("q2", "plan"), question("q3", "cash")],
        "levels": [{"min": 0.0, "name": texts("start")}, {"min": 0.5, "name": texts("ready")}],
    }


def test_a_complete_assessment_has_no_problems():
    assert assessment_problems(small(), "small") == []


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["questions"][0]["text"].pop("th"), "question q1 text: no th text"),
    (lambda d: d["dimensions"][0]["next_step"].update(vi=" "), "next_step: no vi text"),
    (lambda d: d["questions"][1]["options"][0].pop("score"), "question q2 option 1: no score"),
    (lambda d: d["dimensions"][1].update(article="finance-no-such-guide"), "is not in the library"),
    (lambda d: d["questions"][2].update(dimension="nowhere"), "unknown dimension"),
    (lambda d: d["questions"][0]["options"][1]["also"].update(en=["not yet"]), "means options 1 and 2"),
    (lambda d: d["questions"][0]["options"][1]["also"].update(id=["todavía no"]), "means options 1 and 2"),
    (lambda d: d["questions"][0]["options"][1]["also"].update(th=["2"]), "is a number"),
    (lambda d: d["questions"][0]["options"][0]["text"].update(es="x" * 41), "longer than 40"),
    (lambda d: d["levels"].reverse(), "levels must start at 0"),
])
def test_what_is_missing_or_wrong_is_reported(change, expected):
    data = copy.deepcopy(small())
    change(data)
    assert any(expected in problem for problem in assessment_problems(data, "small"))


def test_free_text_replies_mean_an_option_in_any_language_or_none():
    question = build(small()).questions[0]
    assert match_option(question, "Not yet!", "en") == 0
    assert match_option(question, "todavia no", "es") == 0  # accents optional
    assert match_option(question, "有", "zh") == 1
    assert match_option(question, "2", "th") == 1  # a numbered option, as on WhatsApp
    assert match_option(question, "maybe next year", "en") is None
    assert match_option(question, "3", "en") is None


def test_scores_are_shares_of_the_best_per_dimension_and_the_weakest_come_first():
    assessment = build(small())
    result = score(assessment, {"q1": 1, "q2": 0, "q3": 0})
    assert result.dimensions == {"plan": 0.5, "cash": 0.0}
    assert result.overall == pytest.approx(1 / 3)
    assert result.weakest == ["cash", "plan"]
    assert assessment.level(result.dimensions["plan"]).name["en"] == "ready (en)"
    assert assessment.level(result.overall).name["en"] == "start (en)"


def test_the_shipped_assessments_have_no_problems():
    found, problems = load_assessments()
    assert problems == []
    shipped = {path.stem for path in ASSESSMENTS_DIR.glob("*.yml")}
    assert set(found) == shipped == {"export_readiness", "digital_maturity", "finance_readiness"}
    for assessment in found.values():  # each dimension asked, each linked to a guide, a next step for it
        assert {q.dimension for q in assessment.questions} == {d.id for d in assessment.dimensions}
    for path in ASSESSMENTS_DIR.glob("*.yml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == path.stem


class WordEncoder:
    """A stand-in encoder: one dimension per word of a small vocabulary, so nearness is predictable."""
    vocabulary = ["cash", "card", "online", "website", "nothing", "social"]

    def _encode(self, texts):
        import numpy as np
        rows = [[float(word in text.lower()) for word in self.vocabulary] for text in texts]
        return np.array([row / (np.linalg.norm(row) or 1.0) for row in map(np.array, rows)])

    encode_queries = encode_passages = _encode


def payment_question():
    from knowledge.assessments import Option, Question
    return Question("pay", "d", texts("how do customers pay?"), [
        Option(0, {**texts("cash"), "en": "Cash only"}, {}),
        Option(3, {**texts("card"), "en": "Card or online"}, {"en": ["we take cards"]}),
    ])


def test_the_matcher_reads_listed_replies_first_then_meaning():
    from knowledge.assessments import ReplyMatcher
    matcher = ReplyMatcher(lambda: WordEncoder())
    question = payment_question()
    assert matcher.match(question, "we take cards!", "en") == (1, False)
    assert matcher.match(question, "mostly cash at the stall lol", "en") == (0, True)
    assert matcher.match(question, "card and online both", "en") == (1, True)


def test_the_matcher_asks_again_for_a_question_back_an_even_reading_or_no_encoder():
    from knowledge.assessments import ReplyMatcher
    question = payment_question()
    matcher = ReplyMatcher(lambda: WordEncoder())
    assert matcher.match(question, "cash or card?", "en") == (None, False)  # asks something back
    assert matcher.match(question, "cash ก็ได้ใช่ไหมคะ", "th") == (None, False)  # Thai asks with a particle
    assert matcher.match(question, "cash อย่างเดียวค่ะ", "th") == (0, True)  # a statement
    assert matcher.match(question, "cash and card", "en") == (None, False)  # as near one as the other
    assert matcher.match(question, "", "en") == (None, False)
    assert ReplyMatcher(lambda: None).match(question, "mostly cash", "en") == (None, False)


@pytest.mark.parametrize("text, expected", [
    ("am I ready to export?", "export_readiness"), ("¿estoy listo para pedir un préstamo?", "finance_readiness"),
    ("测一下我的企业数字化水平", "digital_maturity"), ("ประเมินความพร้อมส่งออก", "export_readiness"),
    ("kiểm tra mức sẵn sàng vay vốn", "finance_readiness"), ("assess my business", None),
    ("a loan to go digital", None),
    ("うちはローンを組めそう？チェックして", "finance_readiness"),  # a katakana word inside a sentence
    ("소상공인대출 받을 수 있을지 점검해 주세요", "finance_readiness"),  # Korean runs nouns together
    ("проверьте, готов ли мой бизнес к экспорту", "export_readiness"),
    ("handa na ba ang negosyo ko na mag-export", "export_readiness"),
    ("想檢測一下公司的數位化程度", "digital_maturity"),
])
def test_a_request_names_its_check_in_any_language(text, expected):
    from knowledge.assessments import named_assessment
    assessments, _ = load_assessments()
    assert named_assessment(assessments, text) == expected
