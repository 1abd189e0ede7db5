from actions.answers import compose_answer
from knowledge.search import Hit


def hit(source_id, language, score, kind="article", anchor="intro", snippet="Some advice."):
    return Hit(source_id=source_id, anchor=anchor, title=f"Title of {source_id}", url=f"https://example.org/{source_id}",
               language=language, topic="finance", score=score, snippet=snippet, kind=kind,
               heading="para. 6" if kind == "statement" else "Heading")


def test_the_askers_language_is_preferred_when_nearly_as_good():
    answer = compose_answer([hit("statement", "en", 0.86, kind="statement", anchor="p6"),
                             hit("finance-relief-grants", "es", 0.84)], "es")
    assert answer.payload["citations"][0]["source_id"] == "finance-relief-grants"
    assert answer.response == "utter_answer"


def test_an_english_only_passage_is_flagged_for_the_reader():
    answer = compose_answer([hit("apec-smemm-2020", "en", 0.86, kind="statement", anchor="p6",
                                 snippet="We encourage economies to improve MSMEs access to finance.")], "vi")
    assert answer.response == "utter_answer_from_english"
    assert answer.text == "“We encourage economies to improve MSMEs access to finance.” (para. 6)"
    assert answer.sources == "Title of apec-smemm-2020, para. 6 https://example.org/apec-smemm-2020"
    assert answer.payload == {"citations": [{"source_id": "apec-smemm-2020", "anchor": "p6",
                                              "title": "Title of apec-smemm-2020",
                                              "url": "https://example.org/apec-smemm-2020"}], "language": "vi"}


def test_a_second_source_of_similar_relevance_adds_a_second_passage():
    answer = compose_answer([hit("a", "en", 0.90), hit("a", "en", 0.895, anchor="s2"), hit("b", "en", 0.885),
                             hit("c", "en", 0.80)], "en")
    assert [c["source_id"] for c in answer.payload["citations"]] == ["a", "b"]
    assert answer.text.count("\n\n") == 1


def test_a_distant_second_source_is_left_out():
    answer = compose_answer([hit("a", "en", 0.90), hit("b", "en", 0.85)], "en")
    assert [c["source_id"] for c in answer.payload["citations"]] == ["a"]
