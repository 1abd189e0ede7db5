"""Generate the `responses:` section of domain.yml from locales/<language>.yml.

Each locale file holds every bot text in one language, so translators work on
one file and reviewers read one language at a time. This script turns them
into Rasa conditional response variations on the `language` slot: English is
the variation without a condition (used when the slot is empty or "en"), each
other language a variation with `condition: language == <code>`.

    python scripts/build_domain.py           # rewrite domain.yml
    python scripts/build_domain.py --check   # exit 1 if domain.yml is out of date
"""
import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from knowledge.config import LANGUAGES  # noqa: E402

DOMAIN = ROOT / "domain.yml"
LOCALES = ROOT / "locales"
MARKER = "# ---- generated from locales/*.yml by scripts/build_domain.py (make domain): do not edit below ----"
# Responses that exist in English only, by design.
ENGLISH_ONLY = {"utter_unsupported_language"}
DEFAULT_LANGUAGE = "en"


def load_locales(languages=LANGUAGES):
    """Every locale file that exists (tests/test_responses.py fails when one is missing)."""
    locales = {}
    for language in languages:
        path = LOCALES / f"{language}.yml"
        if path.exists():
            locales[language] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        else:
            print(f"warning: {path.relative_to(ROOT)} is missing", file=sys.stderr)
    return locales


def variation(entry: dict, language: str) -> dict:
    result = {}
    if language != DEFAULT_LANGUAGE:
        result["condition"] = [{"type": "slot", "name": "language", "value": language}]
    result["text"] = entry["text"]
    if entry.get("buttons"):
        result["buttons"] = [{"title": b["title"], "payload": b["payload"]} for b in entry["buttons"]]
    return result


def build_responses(locales: dict) -> dict:
    responses = {}
    for name, entry in locales[DEFAULT_LANGUAGE].items():
        responses[name] = [variation(entry, DEFAULT_LANGUAGE)]
        if name in ENGLISH_ONLY:
            continue
        for language, catalog in locales.items():
            if language != DEFAULT_LANGUAGE and name in catalog:
                responses[name].append(variation(catalog[name], language))
    return responses


def render(domain_text: str, responses: dict) -> str:
    head = domain_text.split(MARKER)[0].rstrip() + "\n\n"
    body = yaml.safe_dump({"responses": responses}, allow_unicode=True, sort_keys=False, width=1000)
    return head + MARKER + "\n" + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    current = DOMAIN.read_text(encoding="utf-8")
    wanted = render(current, build_responses(load_locales()))
    if args.check:
        if current != wanted:
            print("domain.yml is out of date with locales/: run `make domain`", file=sys.stderr)
            return 1
        return 0
    DOMAIN.write_text(wanted, encoding="utf-8")
    print(f"domain.yml: responses rebuilt from {len(LANGUAGES)} locale files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
