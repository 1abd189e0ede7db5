"""The economy directory: every shipped file passes the checks, and the checks catch what they must."""

import pytest

from knowledge.__main__ import main
from knowledge.economies import APEC_ECONOMIES, ECONOMIES_DIR, ROLES, load_directory, read_economy, url_problem

GOOD = dict(role="credit_bureau", name="Example Credit Bureau", what="Keeps credit histories of firms.",
            url="https://www.example.gov/", source="https://www.example.gov/about",
            checked="search tool (pages corpus), stored copy of the about page")


def write(tmp_path, code, economy, entries):
    import yaml

    path = tmp_path / f"{code}.yml"
    path.write_text(yaml.safe_dump({"economy": economy, "institutions": entries}, allow_unicode=True))
    return path


def test_every_shipped_economy_file_passes_the_checks():
    economies, problems = load_directory()
    assert problems == []
    assert set(economies) <= set(APEC_ECONOMIES)
    assert all(economy.institutions for economy in economies.values())


@pytest.mark.parametrize("change, expected", [
    ({"source": ""}, "missing source"),
    ({"checked": None}, "missing checked"),
    ({"url": "www.example.gov"}, "url 'www.example.gov' is not an http(s) address"),
    ({"url": "https://exa mple/"}, "has no valid host name"),
    ({"source": "ftp://example.gov/x"}, "source 'ftp://example.gov/x' is not an http(s) address"),
    ({"role": "bank"}, "unknown role 'bank'"),
    ({"phone": "123"}, "unknown field phone"),
])
def test_an_entry_without_a_source_or_with_a_bad_field_is_a_problem_and_is_left_out(tmp_path, change, expected):
    entry = {**GOOD, **change}
    economy, problems = read_economy(write(tmp_path, "MY", "Malaysia", [entry]))
    assert any(expected in problem for problem in problems), problems
    assert economy.institutions == []


def test_the_economy_must_carry_its_apec_name_and_code(tmp_path):
    _, problems = read_economy(write(tmp_path, "TW", "Taiwan", [GOOD]))
    assert problems == ["TW.yml: economy must be 'Chinese Taipei', the APEC name"]
    _, problems = read_economy(write(tmp_path, "XX", "Nowhere", [GOOD]))
    assert "XX.yml: XX is not the code of an APEC economy" in problems


def test_a_good_entry_is_read_with_its_optional_fields(tmp_path):
    entry = {**GOOD, "local_name": "Biro Kredit", "how": "Ask online for your own report."}
    economy, problems = read_economy(write(tmp_path, "ID", "Indonesia", [entry]))
    assert problems == [] and economy.by_role("credit_bureau")[0].local_name == "Biro Kredit"


@pytest.mark.parametrize("url, ok", [("https://www.sba.gov/", True), ("http://oss.go.id/", True),
                                     ("https://localhost/", False), ("mailto:a@b.gov", False), ("", False)])
def test_urls(url, ok):
    assert (url_problem(url) is None) == ok


def test_the_cli_prints_a_directory_and_the_coverage_table(capsys):
    shipped = sorted(path.stem for path in ECONOMIES_DIR.glob("*.yml"))
    assert main(["economy", "--coverage"]) == 0
    table = capsys.readouterr().out
    assert all(name[:22] in table for name in APEC_ECONOMIES.values()) and f"of {len(ROLES)}" in table
    assert len(ROLES) == 17
    if shipped:
        assert main(["economy", shipped[0].lower()]) == 0
        assert APEC_ECONOMIES[shipped[0]] in capsys.readouterr().out
    assert main(["economy", "ZZ"]) == 2
