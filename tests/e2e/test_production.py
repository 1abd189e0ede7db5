"""The production profile end to end: nginx, two Rasa replicas, two action servers, PostgreSQL, Redis, RabbitMQ."""
import json
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest

from tests.e2e.channel_clients import SECRETS, telegram_message
from tests.e2e.fake_platform import settled
from tests.e2e.production import ACTION_SERVER_TOKEN, POSTGRES, Production
from tests.e2e.servers import MODEL, PYTHON, ROOT, http

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def prod(tmp_path_factory, platform_env):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    # All tests come from 127.0.0.1: only the per-sender limit is tested here.
    running = Production(tmp_path_factory.mktemp("production"),
                         {**platform_env, "RATE_LIMIT_PER_ADDRESS": "100000/minute"})
    try:
        yield running.start()
    finally:
        running.stop()


def texts(body: bytes) -> str:
    return " ".join(message.get("text", "") for message in json.loads(body))


def user_texts(tracker: dict) -> list:
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def test_a_missing_setting_stops_start_up_with_one_line_naming_it(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ACTION_SERVER_TOKEN": ACTION_SERVER_TOKEN, "POSTGRES_HOST": "127.0.0.1",
           "POSTGRES_DB": "x", "POSTGRES_USER": "x", "REDIS_HOST": "127.0.0.1", "RABBITMQ_HOST": "127.0.0.1",
           "RABBITMQ_USER": "guest"}
    done = subprocess.run([str(PYTHON), "-m", "deploy", "serve-prod"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "cannot start the production profile: RABBITMQ_PASSWORD is not set: RabbitMQ password "
        "(required by the production profile)"]


def test_a_conversation_split_across_replicas_keeps_its_language_slots_and_order(prod):
    first, second = prod.replica_urls
    status, body = prod.say("prod-split", "¿Cómo puedo conseguir un préstamo para mi pequeña empresa?", first)
    assert status == 200 and "Fuente" in texts(body)
    status, body = prod.say("prod-split", "¿y para vender en línea?", second)
    assert status == 200
    status, body = prod.say("prod-split", "gracias", first)
    assert status == 200
    tracker = prod.tracker("prod-split")
    assert tracker["slots"]["language"] == "es"
    assert user_texts(tracker) == ["¿Cómo puedo conseguir un préstamo para mi pequeña empresa?",
                                   "¿y para vender en línea?", "gracias"]


def test_concurrent_messages_of_one_sender_are_handled_one_at_a_time(prod):
    messages = [f"How do I find export buyers, question {n}?" for n in range(6)]
    with ThreadPoolExecutor(6) as pool:  # alternating replicas, all at once
        answers = list(pool.map(lambda pair: prod.say("prod-lock", pair[1], prod.replica_urls[pair[0] % 2]),
                                enumerate(messages)))
    assert [status for status, _ in answers] == [200] * 6
    events = prod.tracker("prod-lock")["events"]
    assert sorted(user_texts({"events": events})) == sorted(messages)
    # The lock store serialises turns: every user message is followed by its own bot turn, which ends with
    # action_listen before the next user message; no two turns interleave.
    kinds = [event["event"] if event["event"] != "action" else event["name"] for event in events
             if event["event"] in ("user", "action")]
    turns = "".join("U" if kind == "user" else "L" if kind == "action_listen" else "" for kind in kinds)
    assert "UU" not in turns and turns.count("U") == 6


def test_every_event_of_a_conversation_reaches_rabbitmq(prod):
    assert prod.say("prod-events", "What is a credit guarantee scheme?")[0] == 200
    stored = prod.tracker("prod-events")["events"]
    deadline = time.monotonic() + 30
    published = []
    while time.monotonic() < deadline:
        published += [event for event in prod.events() if event.get("sender_id") == "prod-events"]
        if len(published) >= len(stored):
            break
        time.sleep(1)
    assert [(event["event"], event.get("timestamp")) for event in published] == \
        [(event["event"], event.get("timestamp")) for event in stored]


def test_a_telegram_update_delivered_twice_to_two_replicas_is_answered_once(prod, fake_platform):
    update = json.dumps({"update_id": 9_100_001, **telegram_message(9100001, "How do I start exporting?")}).encode()
    headers = {"Content-Type": "application/json",
               "X-Telegram-Bot-Api-Secret-Token": SECRETS["TELEGRAM_WEBHOOK_SECRET"]}
    started = time.monotonic()
    answers = [http("POST", f"{url}/webhooks/telegram/webhook", update, headers) for url in prod.replica_urls]
    assert time.monotonic() - started < 5  # answered before the turn runs
    assert [json.loads(body)["status"] for _, body in answers] == ["ok", "duplicate"]
    path = f"/telegram/bot{SECRETS['TELEGRAM_TOKEN']}/sendMessage"
    replies = settled(lambda: fake_platform.find(
        lambda call: call.path == path and call.body.get("chat_id") == "9100001"))
    assert replies
    assert user_texts(prod.tracker("9100001")) == ["How do I start exporting?"]


def test_the_api_needs_the_token_and_the_action_servers_answer_only_rasa(prod):
    assert http("GET", f"{prod.url}/conversations/prod-split/tracker")[0] == 401
    actions = f"http://127.0.0.1:{prod.actions_port}"
    assert http("POST", f"{actions}/webhook", b"{}", {"Content-Type": "application/json"})[0] == 401
    assert http("GET", f"{actions}/actions", headers={"X-Action-Token": ACTION_SERVER_TOKEN})[0] == 200


def test_a_body_over_the_cap_is_refused_by_nginx(prod):
    body = json.dumps({"sender": "prod-big", "message": "x" * 400_000}).encode()
    assert http("POST", f"{prod.url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})[0] == 413


@pytest.mark.parametrize("body, status, reason", [
    (b"{not json", 400, "not valid JSON"), (b'{"message": "hello"}', 400, "sender is required"),
    (json.dumps({"sender": "prod-bad", "message": "x" * 6000}).encode(), 413, "message is too long"),
])
def test_bad_input_gets_the_same_clear_answer_through_nginx(prod, body, status, reason):
    answer_status, answer = http("POST", f"{prod.url}/webhooks/rest/webhook", body,
                                 {"Content-Type": "application/json"})
    assert answer_status == status and reason in json.loads(answer)["error"]


def test_a_forged_telegram_update_is_refused_through_nginx(prod):
    update = json.dumps({"update_id": 9_100_002, **telegram_message(9100002, "hello")}).encode()
    status, _ = http("POST", f"{prod.url}/webhooks/telegram/webhook", update,
                     {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "forged"})
    assert status == 403


def test_a_sender_over_the_rate_limit_gets_429_on_any_replica(prod):
    statuses = [prod.say("prod-flood", "hi", prod.replica_urls[n % 2])[0] for n in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429  # the count is shared in Redis


def test_a_handoff_request_lands_in_postgresql(prod):
    prod.say("prod-handoff", "I need help with export finance for my shop")
    prod.say("prod-handoff", "I want to talk to a human advisor")
    status, body = prod.say("prod-handoff", "ana@example.org")
    assert status == 200 and "H0" in texts(body)
    connection = psycopg2.connect(**{**POSTGRES, "dbname": prod.database})
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sender_id, contact, language FROM handoff_requests")
            assert cursor.fetchall() == [("prod-handoff", "ana@example.org", "en")]
    finally:
        connection.close()


# Last: it takes a replica away (serve-prod starts it again, which takes a while).
def test_a_replica_killed_mid_conversation_loses_nothing(prod):
    assert prod.say("prod-kill", "How can I get a loan for my shop?", prod.replica_urls[0])[0] == 200
    prod.replica_process(0).kill()  # no goodbye: SIGKILL
    status, body = prod.say("prod-kill", "And what documents does the bank want?")  # through nginx
    assert status == 200 and body != b"[]"
    tracker = prod.tracker("prod-kill")
    assert user_texts(tracker) == ["How can I get a loan for my shop?", "And what documents does the bank want?"]
    assert tracker["slots"]["language"] == "en"
