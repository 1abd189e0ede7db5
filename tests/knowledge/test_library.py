"""The guidance library: the shipped articles pass every check, and the checks catch what they must."""
import re
import shutil

import pytest

from knowledge.config import LANGUAGES
from knowledge.library import ARTICLES_DIR, NEXT_STEPS, library_problems, load_library, word_count


@pytest.fixture(scope="module")
def shipped():
    return load_library()


def test_the_shipped_library_has_no_problems(shipped):
    assert library_problems(shipped) == []


def test_the_library_covers_every_topic_and_framework(shipped):
    topics = {}
    for article_id, versions in shipped.items():
        topics.setdefault(versions["en"].meta["topic"], []).append(article_id)
    assert len(shipped) >= 30
    assert all(len(topics[topic]) >= 10 for topic in ("finance", "digital", "export"))
    apec = {"apec-boracay-action-agenda", "apec-la-serena-roadmap", "apec-sme-strategic-plan-2021-2024"}
    assert apec <= set(topics["apec"])
    assert all(set(versions) == set(LANGUAGES) for versions in shipped.values())


@pytest.fixture
def small_library(tmp_path):
    """One complete article (7 languages) copied from the shipped library."""
    folder = tmp_path / "articles"
    for path in (ARTICLES_DIR / "finance").glob("finance-cash-flow.*.md"):
        (folder / "finance").mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / "finance" / path.name)
    return folder


def problems_after(folder, language, change):
    path = folder / "finance" / f"finance-cash-flow.{language}.md"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return library_problems(load_library(folder))


def test_a_complete_article_passes(small_library):
    assert library_problems(load_library(small_library)) == []


def test_a_missing_language_version_is_a_problem(small_library):
    (small_library / "finance" / "finance-cash-flow.vi.md").unlink()
    assert library_problems(load_library(small_library)) == ["finance-cash-flow: no vi version"]


@pytest.mark.parametrize("language, change, expected", [
    ("es", lambda t: t.replace("topic: finance\n", ""), "missing field 'topic'"),
    ("id", lambda t: t.split("sources:")[0] + "sources: []\n" + "updated:" + t.split("updated:", 1)[1],
     "missing field 'sources'"),
    ("zh", lambda t: t.replace("## 下一步", "## 下一步\nTODO\n\n## 下一步"), "placeholder text: 'TODO'"),
    ("ms", lambda t: t + "\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n",
     "placeholder text"),
    ("th", lambda t: t.replace("## ขั้นตอนถัดไป", "## ขั้นตอนถัดไป\n\n## ขั้นตอนถัดไป"), "is empty"),
    ("vi", lambda t: t.replace("## Các bước tiếp theo", "## Kết luận"),
     "the last section must be '## Các bước tiếp theo'"),
    ("es", lambda t: re.sub(r"\ntitle: (.*)\n", r"\ntitle: '«\1»'\n", t, count=1),
     "the title is wrapped in quote marks"),
])
def test_broken_versions_are_reported(small_library, language, change, expected):
    problems = problems_after(small_library, language, change)
    assert any(expected in problem and f".{language}.md" in problem for problem in problems), problems


def test_english_left_in_a_translation_is_reported(small_library):
    leftover = ("\nKeep a rolling thirteen-week forecast and update it every Friday with the actual "
                "receipts and payments from your bank statement.\n")
    problems = problems_after(small_library, "id",
                              lambda t: t.replace("## Langkah selanjutnya", leftover + "\n## Langkah selanjutnya"))
    assert any("English left untranslated" in p and ".id.md" in p for p in problems), problems


def test_readers_questions_must_be_listed_and_translated(small_library):
    problems = problems_after(small_library, "ms", lambda t: re.sub(r"\nquestions:\n(  - .*\n)+", "\n", t))
    assert any("0 readers' questions; list at least 3" in p and ".ms.md" in p for p in problems), problems
    english = "  - \"How much cash should I keep aside for slow months?\"\n"
    problems = problems_after(small_library, "vi", lambda t: t.replace("questions:\n", "questions:\n" + english, 1))
    assert any("English left untranslated: 'How much cash" in p and ".vi.md" in p for p in problems), problems


def test_a_cited_paragraph_must_be_cited_in_the_text(small_library):
    def cite_p6(text):
        return text.replace("updated:", "cites: [apec-smemm-2020#p6]\nupdated:", 1)
    problems = problems_after(small_library, "en", cite_p6)
    assert any("cites apec-smemm-2020#p6 but the text has no" in p for p in problems), problems


def test_word_counts_use_english_word_equivalents():
    assert word_count("one two three four", "en") == 4
    assert word_count("我们" * 88, "zh") == 100  # 176 characters at 1.76 per word
    assert 0 < word_count("ธุรกิจขนาดเล็ก " * 10, "th") < 30
    assert NEXT_STEPS["th"] == "ขั้นตอนถัดไป"
