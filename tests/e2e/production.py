"""The production profile as `make serve-prod` starts it, on this machine's real services.

Each run gets its own PostgreSQL database, Redis key prefix and RabbitMQ queue,
all removed afterwards, and free loopback ports, so tests never touch a
deployment already running here.
"""
import asyncio
import json
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional

import psutil
import psycopg2

from tests.e2e.servers import PYTHON, ROOT, free_port, http

POSTGRES = dict(host="127.0.0.1", port=5432, user=os.environ.get("TEST_POSTGRES_USER", "postgres"), dbname="test")
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/"
ACTION_SERVER_TOKEN = "prod-test-action-token-0123456789abcdefghij"
RASA_API_TOKEN = "prod-test-api-token-0123456789abcdefghijklm"


def free_block(size: int) -> int:
    """The first of `size` consecutive free loopback ports."""
    for _ in range(200):
        first = free_port()
        ports = range(first, first + size)
        if first + size < 65535 and all(_free(port) for port in ports):
            return first
    raise RuntimeError("no block of free ports")


def _free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def admin(sql: str) -> None:
    connection = psycopg2.connect(**POSTGRES)
    connection.autocommit = True
    try:
        connection.cursor().execute(sql)
    finally:
        connection.close()


async def _drain_queue(queue_name: str, delete: bool) -> List[dict]:
    import aio_pika

    connection = await aio_pika.connect_robust(RABBITMQ)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(queue_name, durable=True)
        bodies = []
        while True:
            message = await queue.get(no_ack=True, fail=False)
            if message is None:
                break
            bodies.append(json.loads(message.body))
        if delete:
            await queue.delete(if_unused=False, if_empty=False)
        return bodies


class Production:
    def __init__(self, workdir: Path, env: Optional[Dict[str, str]] = None) -> None:
        self.workdir = workdir
        run_id = uuid.uuid4().hex[:10]
        self.database = f"msme_test_{run_id}"
        self.queue = f"rasa_events_test_{run_id}"
        self.rasa_port, self.actions_port = free_block(2), free_block(3)
        self.public_port, self.web_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.public_port}"
        self.env = {**os.environ, **(env or {}),
                    "ACTION_SERVER_TOKEN": ACTION_SERVER_TOKEN, "RASA_API_TOKEN": RASA_API_TOKEN,
                    "POSTGRES_HOST": POSTGRES["host"], "POSTGRES_PORT": str(POSTGRES["port"]),
                    "POSTGRES_USER": POSTGRES["user"], "POSTGRES_DB": self.database,
                    "REDIS_HOST": "127.0.0.1", "REDIS_KEY_PREFIX": f"t{run_id}",
                    "RABBITMQ_HOST": "127.0.0.1", "RABBITMQ_USER": "guest", "RABBITMQ_PASSWORD": "guest",
                    "RABBITMQ_QUEUE": self.queue,
                    "PUBLIC_PORT": str(self.public_port), "WEB_PORT": str(self.web_port),
                    "RASA_PORT": str(self.rasa_port), "ACTIONS_PORT": str(self.actions_port)}
        self.process: Optional[subprocess.Popen] = None

    @property
    def replica_urls(self) -> List[str]:
        return [f"http://127.0.0.1:{self.rasa_port + n}" for n in range(2)]

    def start(self) -> "Production":
        admin(f"CREATE DATABASE {self.database}")
        log = open(self.workdir / "serve-prod.log", "ab")
        self.process = subprocess.Popen([str(PYTHON), "-m", "deploy", "serve-prod", "--run-folder",
                                         str(self.workdir / "run")], cwd=ROOT, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve-prod exited {self.process.returncode}:\n{self.log()[-4000:]}")
            if "Production profile ready" in self.log():
                return self
            time.sleep(1)
        raise RuntimeError(f"serve-prod not ready:\n{self.log()[-4000:]}")

    def log(self, name: str = "serve-prod.log") -> str:
        path = self.workdir / name if name == "serve-prod.log" else self.workdir / "run" / name
        return path.read_text(errors="replace") if path.exists() else ""

    def say(self, sender: str, text: str, base: Optional[str] = None, metadata: Optional[dict] = None):
        payload = {"sender": sender, "message": text, **({"metadata": metadata} if metadata else {})}
        return http("POST", f"{base or self.url}/webhooks/rest/webhook", json.dumps(payload).encode(),
                    {"Content-Type": "application/json"})

    def tracker(self, sender: str) -> dict:
        status, body = http("GET", f"{self.url}/conversations/{sender}/tracker?token={RASA_API_TOKEN}")
        assert status == 200, body[:300]
        return json.loads(body)

    def replica_process(self, n: int) -> psutil.Process:
        port = str(self.rasa_port + n)
        for process in psutil.process_iter(["cmdline"]):
            command = process.info["cmdline"] or []
            if "deploy.rasa_server" in command and port in command:
                return process
        raise LookupError(f"no Rasa replica on port {port}")

    def events(self) -> List[dict]:
        return asyncio.run(_drain_queue(self.queue, delete=False))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                self.process.kill()
        try:
            asyncio.run(_drain_queue(self.queue, delete=True))
        except Exception:
            pass
        admin(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
