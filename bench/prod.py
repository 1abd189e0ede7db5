"""Load test of the production profile through nginx, against the embedded profile in the same run (make bench-prod).

--users simulated users (default 50) each hold one conversation of --messages
messages (default 10) over the REST channel, all at once, and stop by
themselves. Both profiles get the same conversations. Prints throughput,
p50/p95/p99 latency and errors for each, the ratio of the two, and checks that
every message sent is in the tracker store (PostgreSQL for production, read
through Rasa's API for both): nothing lost. Asserts nothing.

    .venv/bin/python bench/prod.py [--users 50] [--messages 10]
"""
import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.rest import topic_questions  # noqa: E402
from tests.e2e.production import RASA_API_TOKEN as PROD_TOKEN  # noqa: E402
from tests.e2e.production import Production  # noqa: E402
from tests.e2e.servers import RASA_API_TOKEN, Assistant, http  # noqa: E402

SMALL_TALK = ["hi", "thanks!", "ok", "hola", "terima kasih"]
UNLIMITED = {"RATE_LIMIT_PER_SENDER": "1000000/minute", "RATE_LIMIT_PER_ADDRESS": "1000000/minute"}


def conversations(users: int, messages: int):
    """Topic questions with some small talk between them, as people write."""
    questions = iter(topic_questions(users * messages))
    return [[SMALL_TALK[(user + n) % len(SMALL_TALK)] if n % 4 == 3 else next(questions)
             for n in range(messages)] for user in range(users)]


def run_load(url: str, label: str, talks):
    def converse(user: int):
        times, errors = [], 0
        for text in talks[user]:
            started = time.perf_counter()
            status, body = http("POST", f"{url}/webhooks/rest/webhook",
                                json.dumps({"sender": f"{label}-user-{user}", "message": text}).encode(),
                                {"Content-Type": "application/json"}, timeout=120)
            times.append((time.perf_counter() - started) * 1000)
            errors += status != 200 or not json.loads(body or b"[]")
        return times, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(len(talks)) as pool:
        results = list(pool.map(converse, range(len(talks))))
    wall = time.perf_counter() - started
    samples = sorted(ms for times, _ in results for ms in times)
    pick = lambda q: samples[min(len(samples) - 1, int(round(q * (len(samples) - 1))))]  # noqa: E731
    errors = sum(errors for _, errors in results)
    print(f"{label:<12}{len(samples):>7}{len(samples) / wall:>9.1f}{pick(.5):>9.0f}{pick(.95):>9.0f}"
          f"{pick(.99):>9.0f}{errors:>8}", flush=True)
    return pick(.5), len(samples) / wall


def lost_messages(url: str, token: str, label: str, talks) -> int:
    """Messages sent but missing from their conversation in the tracker store."""
    lost = 0
    for user, sent in enumerate(talks):
        status, body = http("GET", f"{url}/conversations/{label}-user-{user}/tracker?token={token}")
        stored = [event["text"] for event in json.loads(body)["events"] if event["event"] == "user"] \
            if status == 200 else []
        lost += sum((Counter(sent) - Counter(stored)).values())
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=10, help="messages in each user's conversation")
    args = parser.parse_args()
    talks = conversations(args.users, args.messages)
    print(f"{args.users} users x {args.messages} messages, all users at once")
    print(f"{'profile':<12}{'sent':>7}{'msg/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    figures = {}
    with tempfile.TemporaryDirectory() as workdir:
        (Path(workdir) / "embedded").mkdir()
        profiles = (("embedded", Assistant(Path(workdir) / "embedded", UNLIMITED), RASA_API_TOKEN),
                    ("production", Production(Path(workdir), UNLIMITED), PROD_TOKEN))
        for label, server, token in profiles:  # one after the other: each gets the whole machine
            try:
                server.start()
                figures[label] = run_load(server.url, label, talks)
                print(f"{'':<12}lost: {lost_messages(server.url, token, label, talks)}", flush=True)
            finally:
                server.stop()
    (p50_e, rate_e), (p50_p, rate_p) = figures["embedded"], figures["production"]
    print(f"\nproduction / embedded: throughput {rate_p / rate_e:.2f}x, p50 {p50_p / p50_e:.2f}x "
          "(2 replicas on this machine's 2 cores share them with PostgreSQL, Redis, RabbitMQ and nginx)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
