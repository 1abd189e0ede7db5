import re
from pathlib import Path

import pytest

from deploy import settings
from deploy.rasa_server import rasa_arguments

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "ACTION_SERVER_TOKEN": "a" * 40, "POSTGRES_HOST": "db", "POSTGRES_DB": "msme", "POSTGRES_USER": "msme",
    "REDIS_HOST": "cache", "RABBITMQ_HOST": "mq", "RABBITMQ_USER": "msme", "RABBITMQ_PASSWORD": "pw",
}


def test_the_embedded_profile_needs_no_setting():
    values = settings.check(settings.EMBEDDED, {})
    assert values["ACTIONS_PORT"] == "5055" and values["ACTION_SERVER_TOKEN"] == ""


def test_a_complete_production_environment_passes():
    values = settings.check(settings.PRODUCTION, PRODUCTION_ENV)
    assert values["POSTGRES_HOST"] == "db" and values["REDIS_PORT"] == "6379"


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_each_missing_production_variable_is_named_in_one_line(missing):
    environ = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}
    with pytest.raises(settings.SettingsError) as error:
        settings.check(settings.PRODUCTION, environ)
    assert str(error.value).startswith(f"{missing} is not set") and "\n" not in str(error.value)


def test_a_short_secret_is_refused_rather_than_silently_weak():
    with pytest.raises(settings.SettingsError, match="ACTION_SERVER_TOKEN is too short"):
        settings.check(settings.PRODUCTION, {**PRODUCTION_ENV, "ACTION_SERVER_TOKEN": "secret"})
    with pytest.raises(settings.SettingsError, match="RASA_API_TOKEN is too short"):
        settings.check(settings.EMBEDDED, {"RASA_API_TOKEN": "changeme"})


def test_a_port_that_is_not_a_number_is_named():
    with pytest.raises(settings.SettingsError, match="REDIS_PORT must be a whole number"):
        settings.check(settings.PRODUCTION, {**PRODUCTION_ENV, "REDIS_PORT": "six"})


def test_the_readme_table_lists_every_variable_and_no_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("<!-- settings table -->"):readme.index("<!-- end of settings table -->")]
    listed = set(re.findall(r"^\| `([A-Z0-9_]+)`", table, flags=re.M))
    assert listed == {variable.name for variable in settings.VARIABLES}


def test_every_variable_the_production_endpoints_use_is_a_setting():
    used = set(re.findall(r"\$\{([A-Z0-9_]+)\}", (ROOT / "endpoints.production.yml").read_text()))
    set_by_the_launcher = {"ACTION_SERVER_URL"}
    assert used - set_by_the_launcher <= {variable.name for variable in settings.VARIABLES}


def test_rasa_api_is_on_only_with_a_token_and_rasa_listens_on_loopback():
    without = rasa_arguments(5005, "endpoints.yml", {})
    assert "--enable-api" not in without and without[without.index("--interface") + 1] == "127.0.0.1"
    with_token = rasa_arguments(5005, "endpoints.yml", {"RASA_API_TOKEN": "t" * 40})
    assert with_token[-3:] == ["--enable-api", "--auth-token", "t" * 40]
