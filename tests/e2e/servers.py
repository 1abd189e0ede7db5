"""Start the real action server and Rasa server as subprocesses, for end-to-end tests.

Each run gets free ports, its own endpoints file (action server URL, a fresh
SQLite tracker store) and its own handoff database, so tests never touch the
developer's var/ or collide with a `make serve` already running. The project's
own credentials.yml is used: channels are part of what is tested. Channel
secrets and platform API addresses come from the environment given to start().
"""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
RASA = ROOT / ".venv" / "bin" / "rasa"
MODEL = ROOT / "models" / "assistant.tar.gz"
# Test secrets: the servers refuse to run their API or actions without them.
ACTION_SERVER_TOKEN = "test-action-server-token-0123456789abcdef"
RASA_API_TOKEN = "test-rasa-api-token-0123456789abcdef-xyz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None,
         timeout: float = 60.0):
    """(status, body bytes) of one request; HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until(check, what: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{what} not ready after {timeout} s:\n{log.read_text()[-3000:]}")


class Assistant:
    """Both servers; `say()` talks to Rasa over the REST channel."""

    def __init__(self, workdir: Path, env: Optional[Dict[str, str]] = None,
                 cors: str = "http://localhost:8080"):
        self.workdir = workdir
        self.cors = cors
        # CORS_ORIGINS: the socket.io channel (channels/socketio.py) allows the same origins as --cors.
        # Every client here is 127.0.0.1: a per-address limit would stop the tests, evals and benchmarks
        # themselves (its own test: tests/channels/test_rate_limits.py). The per-sender limit stays.
        self.env = {**os.environ, "ASSISTANT_PROFILE": "embedded", "RATE_LIMIT_PER_ADDRESS": "1000000/minute",
                    **(env or {}),
                    "HANDOFF_DB": str(workdir / "handoffs.sqlite3"), "CORS_ORIGINS": cors,
                    "ACTION_SERVER_TOKEN": ACTION_SERVER_TOKEN, "RASA_API_TOKEN": RASA_API_TOKEN}
        self.actions_port, self.rasa_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.actions: Optional[subprocess.Popen] = None
        self.rasa: Optional[subprocess.Popen] = None

    def _spawn(self, args: List[str], log_name: str) -> subprocess.Popen:
        log = open(self.workdir / log_name, "ab")
        return subprocess.Popen([str(PYTHON), "-m", *args], cwd=ROOT, env=self.env, stdout=log,
                                stderr=subprocess.STDOUT)

    def start_actions(self) -> None:
        self.actions = self._spawn(["deploy.action_server", "--port", str(self.actions_port)], "actions.log")
        health = f"http://127.0.0.1:{self.actions_port}/health"
        wait_until(lambda: http("GET", health, timeout=2)[0] == 200, "action server", self.actions,
                   self.workdir / "actions.log", timeout=180)

    def stop_actions(self) -> None:
        if self.actions and self.actions.poll() is None:
            self.actions.terminate()
            self.actions.wait(timeout=30)

    def start(self) -> "Assistant":
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(yaml.safe_dump({
            "action_endpoint": {"url": f"http://127.0.0.1:{self.actions_port}/webhook",
                                "headers": {"X-Action-Token": ACTION_SERVER_TOKEN}},
            "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(self.workdir / "tracker.db")},
        }))
        self.start_actions()
        self.rasa = self._spawn(["deploy.rasa_server", "--port", str(self.rasa_port), "--endpoints", str(endpoints)],
                                "rasa.log")
        wait_until(self._model_ready, "Rasa server", self.rasa, self.workdir / "rasa.log", timeout=300)
        return self

    def _model_ready(self) -> bool:
        status, body = http("GET", f"{self.url}/status?token={RASA_API_TOKEN}", timeout=2)
        return status == 200 and bool(json.loads(body).get("model_file"))

    def say(self, sender: str, text, metadata: Optional[dict] = None) -> List[dict]:
        payload = {"sender": sender, "message": text}
        if metadata:
            payload["metadata"] = metadata
        status, body = http("POST", f"{self.url}/webhooks/rest/webhook", json.dumps(payload).encode(),
                            {"Content-Type": "application/json"})
        assert status == 200, (status, body[:500])
        return json.loads(body)

    def tracker(self, sender: str) -> dict:
        status, body = http("GET", f"{self.url}/conversations/{sender}/tracker?token={RASA_API_TOKEN}")
        assert status == 200, body[:500]
        return json.loads(body)

    def slots(self, sender: str) -> dict:
        return self.tracker(sender)["slots"]

    def log(self, name: str = "rasa.log") -> str:
        return (self.workdir / name).read_text(errors="replace")

    def stop(self) -> None:
        for process in (self.rasa, self.actions):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def run_as_new_users(items: list, talk, workers: int = 4) -> list:
    """``talk(assistant, item)`` for every item, a few at a time, against one fresh assistant whose rate limits
    a run of many questions does not hit (the evals); the results in the items' order."""
    with tempfile.TemporaryDirectory() as workdir:
        assistant = Assistant(Path(workdir), {"RATE_LIMIT_PER_SENDER": "1000000/minute"})
        try:
            assistant.start()
            with ThreadPoolExecutor(workers) as pool:
                return list(pool.map(lambda item: talk(assistant, item), items))
        finally:
            assistant.stop()
