"""REST round-trip latency and server memory of the whole assistant, against a stock bot (make bench).

Starts the action server and the Rasa server (as the end-to-end tests do, on
free ports), then sends topic questions from the retrieval dev set over the
REST channel: each round trip is NLU + routing + dialogue + custom action.
Each simulated user holds one conversation of --per-user questions (Rasa
replays a conversation's events on every turn, so its length matters). The
same users run one after another, then --users at a time. A stock `rasa init`
bot (bench/stock_bot.py) gets the same messages in the same run: machines are
noisy, so the figure that counts is the ratio of the two. Prints p50/p95 for
both, the ratio, and the peak resident memory of both servers. Asserts nothing.

    .venv/bin/python bench/rest.py [--users 8] [--per-user 10]
"""
import argparse
import json
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.search import percentiles  # noqa: E402
from bench.stock_bot import StockBot  # noqa: E402
from tests.e2e.servers import Assistant, http  # noqa: E402

GOAL_RATIO = 1.5  # the assistant's p50 over the stock bot's


class PeakMemory:
    """Samples the resident memory of a process and its children until stopped."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak_mb = max(self.peak_mb, sum(p.memory_info().rss for p in tree) / 2**20)
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def topic_questions(count: int):
    data = yaml.safe_load((ROOT / "eval" / "retrieval_dev.yml").read_text(encoding="utf-8"))
    questions = [item["q"] for item in data["questions"]]
    return [questions[n % len(questions)] for n in range(count)]


def round_trip(server, sender: str, text: str, need_reply: bool = True) -> float:
    started = time.perf_counter()
    status, body = http("POST", f"{server.url}/webhooks/rest/webhook",
                        json.dumps({"sender": sender, "message": text}).encode(),
                        {"Content-Type": "application/json"})
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200 or (need_reply and not json.loads(body)):
        raise RuntimeError(f"no reply ({status}) to {text!r}: {body[:300]!r}")
    return elapsed


def report(label: str, samples_ms, wall_s: float) -> None:
    p50, p95, mean = percentiles(samples_ms)
    print(f"{label:<36}{len(samples_ms):>6}{p50:>9.0f}{p95:>9.0f}{mean:>9.0f}{len(samples_ms) / wall_s:>10.1f}")


def load(server, label: str, questions, users: int, need_reply: bool = True):
    """(sequential, concurrent) round-trip times of ``users`` conversations over ``questions``.
    The stock bot may stay silent on a question it was never taught: only ours must answer."""
    conversations = [questions[n::users] for n in range(users)]
    for n, text in enumerate(questions[:5]):  # warm-up: first-call costs are not latency
        round_trip(server, f"warmup-{n}", text, need_reply)

    def converse(run: str, user: int):
        return [round_trip(server, f"{run}-user-{user}", text, need_reply) for text in conversations[user]]

    started = time.perf_counter()
    sequential = [ms for user in range(users) for ms in converse("seq", user)]
    report(f"{label}, 1 at a time", sequential, time.perf_counter() - started)
    started = time.perf_counter()
    with ThreadPoolExecutor(users) as pool:
        concurrent = [ms for times in pool.map(lambda user: converse("par", user), range(users)) for ms in times]
    report(f"{label}, {users} users", concurrent, time.perf_counter() - started)
    return sequential, concurrent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--per-user", type=int, default=10, help="questions in each user's conversation")
    args = parser.parse_args()
    questions = topic_questions(args.users * args.per_user)

    with tempfile.TemporaryDirectory() as workdir:
        print(f"{'REST round trips':<36}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'mean':>9}{'msg/s':>10}")
        stock = StockBot(Path(workdir))
        try:
            stock.start()
            stock_times = load(stock, "stock rasa init bot", questions, args.users, need_reply=False)
        finally:
            stock.stop()
        assistant = Assistant(Path(workdir), {"RATE_LIMIT_PER_SENDER": "1000000/minute"})
        try:
            assistant.start()
            memory = [PeakMemory(assistant.actions.pid), PeakMemory(assistant.rasa.pid)]
            ours = load(assistant, "assistant", questions, args.users)
            actions_mb, rasa_mb = (sampler.stop() for sampler in memory)
        finally:
            assistant.stop()

    print(f"\n{'p50 ratio to the stock bot':<36}{'p50':>9}{'p95':>9}")
    for label, mine, theirs in (("sequential", ours[0], stock_times[0]),
                                (f"{args.users} concurrent users", ours[1], stock_times[1])):
        (p50, p95, _), (stock_p50, stock_p95, _) = percentiles(mine), percentiles(theirs)
        print(f"{label:<36}{p50 / stock_p50:>8.2f}x{p95 / stock_p95:>8.2f}x")
    print(f"\npeak resident memory: action server {actions_mb:.0f} MB, Rasa server {rasa_mb:.0f} MB")
    worst = max(percentiles(ours[n])[0] / percentiles(stock_times[n])[0] for n in (0, 1))
    print(f"goal: p50 <= {GOAL_RATIO}x the stock bot's, sequential and concurrent: "
          + ("met" if worst <= GOAL_RATIO else f"not met ({worst:.2f}x)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
