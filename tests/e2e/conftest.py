"""One running assistant (action server + Rasa server) shared by the end-to-end tests."""
import shutil

import pytest

from knowledge.config import SOURCES_DIR, index_dir
from tests.e2e.channel_clients import MAX_CHARS, SECRETS
from tests.e2e.fake_platform import FakePlatform
from tests.e2e.servers import MODEL, Assistant, free_port


@pytest.fixture(scope="session")
def fake_platform():
    """The Telegram, WhatsApp and Slack APIs, faked on loopback; it records what the assistant sends."""
    platform = FakePlatform().start()
    yield platform
    platform.stop()


@pytest.fixture(scope="session")
def platform_env(fake_platform):
    """Environment for the servers: test channel secrets, and platform APIs pointed at the fake."""
    return {**SECRETS, "MESSAGING_MAX_CHARS": str(MAX_CHARS),
            "TELEGRAM_API_URL": f"{fake_platform.url}/telegram",
            "WHATSAPP_API_URL": f"{fake_platform.url}/graph/v21.0",
            "SLACK_API_URL": f"{fake_platform.url}/slack/api/"}


@pytest.fixture(scope="session")
def web_origin():
    """Where the website chat's tests serve web/ (test_web_widget.py): the one origin Rasa allows."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, platform_env, web_origin):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    # Answers link to the guide pages of the test web server (test_web_widget.py serves them there).
    # The knowledge sources and index are copies: the console's test uploads a document and rebuilds.
    workdir = tmp_path_factory.mktemp("assistant")
    shutil.copytree(SOURCES_DIR, workdir / "sources", ignore=shutil.ignore_patterns("uploads"))
    shutil.copytree(index_dir().resolve(), workdir / "index")
    env = {**platform_env, "PUBLIC_BASE_URL": web_origin, "KNOWLEDGE_SOURCES_DIR": str(workdir / "sources"),
           "KNOWLEDGE_INDEX_DIR": str(workdir / "index")}
    running = Assistant(workdir, env, cors=web_origin).start()
    yield running
    running.stop()
