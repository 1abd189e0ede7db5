"""Every bot response exists in every language, and every response is used."""
import re

import pytest
import yaml

from knowledge.config import LANGUAGES
from scripts.build_domain import DOMAIN, ENGLISH_ONLY, build_responses, load_locales, render
from tests.conftest import ROOT

LOCALES = {language: yaml.safe_load((ROOT / "locales" / f"{language}.yml").read_text(encoding="utf-8"))
           for language in LANGUAGES}
ENGLISH = LOCALES["en"]
PLACEHOLDER = re.compile(r"{(\w+)}")
# Buttons chosen per language: the economies where it is most spoken (any other is typed).
BUTTONS_BY_LANGUAGE = {"utter_ask_economy"}
ECONOMY_BUTTON = re.compile(r'^/inform_economy\{"economy": "(?P<code>[A-Z]{2})"\}$')


def test_there_is_a_locale_file_per_language_and_no_other():
    assert sorted(path.stem for path in (ROOT / "locales").glob("*.yml")) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_response_is_translated(language):
    catalog = LOCALES[language]
    assert set(catalog) == set(ENGLISH) - ENGLISH_ONLY
    for name, entry in catalog.items():
        english = ENGLISH[name]
        assert entry["text"].strip(), f"{language}: {name} is empty"
        assert entry["text"] != english["text"], f"{language}: {name} is still in English"
        assert sorted(PLACEHOLDER.findall(entry["text"])) == sorted(PLACEHOLDER.findall(english["text"])), name
        payloads = [b["payload"] for b in entry.get("buttons", [])]
        if name not in BUTTONS_BY_LANGUAGE:
            assert payloads == [b["payload"] for b in english.get("buttons", [])], name
        assert all(b["title"].strip() for b in entry.get("buttons", [])), name


def test_domain_yml_is_generated_from_the_locales():
    assert DOMAIN.read_text(encoding="utf-8") == render(DOMAIN.read_text(encoding="utf-8"),
                                                        build_responses(load_locales()))


def test_each_response_has_a_variation_per_language():
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    for name, variations in domain["responses"].items():
        languages = {next((c["value"] for c in v.get("condition", []) if c["name"] == "language"), "en")
                     for v in variations}
        expected = {"en"} if name in ENGLISH_ONLY else set(LANGUAGES)
        assert languages == expected, name
        assert sum("condition" not in v for v in variations) == 1, f"{name}: one default (English) variation"


def used_responses():
    """Responses named in stories and rules, by actions and policies, or asked for by forms."""
    used = set()
    for path in list((ROOT / "data").rglob("*.yml")):
        used |= set(re.findall(r"\butter_\w+", path.read_text(encoding="utf-8")))
    for path in list((ROOT / "actions").glob("*.py")) + list((ROOT / "components").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'"(utter_\w+)"', text))
        used |= {f"utter_topic_{topic}" for topic in re.findall(r'"(finance|digital|export)"', text)}
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    used |= {f"utter_ask_{slot}" for form in domain["forms"].values() for slot in form["required_slots"]
             if f"action_ask_{slot}" not in domain["actions"]}  # a custom ask action replaces the response
    used.add("utter_default")  # Rasa's action_default_fallback, set as the core fallback in config.yml
    return used


def test_every_response_is_used_and_every_used_response_exists():
    defined = set(yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"])
    used = used_responses()
    assert defined - used == set(), "responses nothing uses"
    assert used - defined == set(), "responses used but not defined"


def test_economy_buttons_name_apec_economies():
    from knowledge.economies import APEC_ECONOMIES

    for language, catalog in LOCALES.items():
        for button in catalog["utter_ask_economy"].get("buttons", []):
            match = ECONOMY_BUTTON.match(button["payload"])
            assert match and match["code"] in APEC_ECONOMIES, (language, button)
