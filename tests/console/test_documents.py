"""Knowledge documents from the console: uploads checked, built in the background, listed, removed."""
import shutil
import time
from http import HTTPStatus

import pytest

from console.documents import Library, UploadError, check_upload
from knowledge.config import SOURCES_DIR, index_dir

MARKDOWN = b"""# Solar grants for farms

## Who can apply
Farms with fewer than 50 workers can ask the rural energy fund for half the cost of solar panels.
"""


@pytest.mark.parametrize("filename, data, title, topic, language, url, problem", [
    ("notes.docx", b"PK", "Notes", "finance", "en", "", "PDF, HTML or Markdown"),
    ("empty.md", b"  \n", "Empty", "finance", "en", "", "empty"),
    ("fake.pdf", b"<html>", "Fake", "finance", "en", "", "not a PDF"),
    ("bin.md", b"\x00\x01\x02" * 100, "Binary", "finance", "en", "", "not text"),
    ("ok.md", MARKDOWN, "", "finance", "en", "", "title"),
    ("ok.md", MARKDOWN, "Solar", "energy", "en", "", "Topic"),
    ("ok.md", MARKDOWN, "Solar", "finance", "xx", "", "Language"),
    ("ok.md", MARKDOWN, "Solar", "finance", "en", "javascript:alert(1)", "http"),
])
def test_a_bad_upload_is_refused_with_a_reason(filename, data, title, topic, language, url, problem):
    with pytest.raises(UploadError, match=problem):
        check_upload(filename, data, title, topic, language, url)


def test_only_editors_manage_documents_and_bad_uploads_get_400(advisor, editor):
    assert advisor.get_json("/console/api/documents")[0] == HTTPStatus.FORBIDDEN
    status, body = advisor.post_json("/console/api/documents/upload-x/remove", {})
    assert status == HTTPStatus.FORBIDDEN
    response = editor.request("POST", "/console/api/documents", b"PK\x03\x04",
                              query={"filename": "x.docx", "title": "x", "topic": "finance", "language": "en"},
                              headers={"X-CSRF-Token": editor.csrf})
    assert response.status == HTTPStatus.BAD_REQUEST
    assert editor.post_json("/console/api/documents/statement/remove", {})[0] == HTTPStatus.NOT_FOUND


def test_a_full_disk_during_an_upload_is_a_clear_500(editor, app, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(app.library, "upload", full_disk)
    response = editor.request("POST", "/console/api/documents", MARKDOWN,
                              query={"filename": "a.md", "title": "A", "topic": "finance", "language": "en"},
                              headers={"X-CSRF-Token": editor.csrf})
    assert response.status == HTTPStatus.INTERNAL_SERVER_ERROR and b"log" in response.body


def wait_for_build(library, seconds=180):
    deadline = time.monotonic() + seconds
    while library.status()["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.5)
    return library.status()


def test_uploads_are_built_into_a_copy_of_the_index_listed_and_removed(tmp_path):
    """A real incremental build (only the new document is embedded) on copies of the sources and index."""
    sources, index = tmp_path / "sources", tmp_path / "index"
    shutil.copytree(SOURCES_DIR, sources, ignore=shutil.ignore_patterns("uploads"))
    shutil.copytree(index_dir().resolve(), index)
    library = Library(sources, index)

    source_id = library.upload("solar.md", MARKDOWN, "Solar grants for farms", "finance", "en",
                               "https://example.org/solar", by="eve")
    broken = library.upload("broken.pdf", b"%PDF-1.4 not really", "A broken PDF", "export", "en", "", by="eve")
    build = wait_for_build(library)
    # the readable one is built all the same; the error names the other by its title
    assert build["state"] == "failed" and build["error"].startswith(f"A broken PDF ({broken}.pdf): not a readable PDF")
    assert any("embedded" in line for line in build["log"])
    listed = {row["source_id"]: row for row in library.documents()}
    assert listed[source_id]["chunks"] >= 1 and listed[source_id]["removable"]
    assert listed[source_id]["title"] == "Solar grants for farms" and listed[source_id]["topic"] == "finance"
    assert not listed["apec-smemm-2020"]["removable"]

    assert library.remove(broken) and library.remove(source_id)
    assert not library.remove("apec-smemm-2020")
    build = wait_for_build(library)
    assert build["state"] == "done" and build["error"] is None
    assert source_id not in {row["source_id"] for row in library.documents()}
