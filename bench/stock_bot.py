"""A stock `rasa init` bot: the yardstick bench/rest.py measures the assistant against.

Made once with `rasa init --no-prompt` (which also trains it) under bench/out/stock,
kept there for later runs, and served with `rasa run` on a free port, with its
defaults: in-memory tracker store, no action server. Same machine, same run, same
messages: the ratio of the two latencies is what the assistant's own work costs.
"""
import shutil
import subprocess
from pathlib import Path

from tests.e2e.servers import RASA, ROOT, free_port, http, wait_until

STOCK_DIR = ROOT / "bench" / "out" / "stock"


def stock_model() -> Path:
    """The stock bot's trained model, made (about two minutes) if it is not there yet."""
    models = sorted((STOCK_DIR / "models").glob("*.tar.gz")) if STOCK_DIR.exists() else []
    if models:
        return models[-1]
    shutil.rmtree(STOCK_DIR, ignore_errors=True)
    STOCK_DIR.mkdir(parents=True)  # rasa init wants the folder to exist
    print("training a stock `rasa init` bot for comparison (once; kept in bench/out/stock)...", flush=True)
    subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(STOCK_DIR)], cwd=STOCK_DIR.parent,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return sorted((STOCK_DIR / "models").glob("*.tar.gz"))[-1]


class StockBot:
    """`rasa run` of the stock bot on a free port; `url` is its base address."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> "StockBot":
        model = stock_model()
        log = self.workdir / "stock.log"
        self.process = subprocess.Popen([str(RASA), "run", "--model", str(model), "--enable-api", "--port",
                                         str(self.port)], cwd=STOCK_DIR, stdout=open(log, "ab"),
                                        stderr=subprocess.STDOUT)
        wait_until(lambda: http("GET", f"{self.url}/status", timeout=2)[0] == 200, "stock bot", self.process, log,
                   timeout=300)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
