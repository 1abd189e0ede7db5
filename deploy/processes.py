"""Start servers as child processes, wait until each answers, and stop them all together.

`make serve` used to leave the action server running when it was stopped
with a signal other than Ctrl-C (bash defers its EXIT trap while a foreground
child runs). Here SIGINT, SIGTERM and SIGHUP all stop every child, newest
first. A replica that dies (a Rasa or action server behind nginx) is started
again while nginx sends its traffic to the others; any other child that ends
by itself stops the rest: a deployment never runs half-started.
"""
import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"


def answers(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except (OSError, http.client.HTTPException):  # not listening yet, or not speaking HTTP yet
        return False


class Child:
    def __init__(self, name: str, args: List[str], env: Dict[str, str], log: Path, replica: bool = False) -> None:
        self.name, self.args, self.env, self.log, self.replica = name, args, env, log, replica
        log.parent.mkdir(parents=True, exist_ok=True)
        self.spawn()

    def spawn(self) -> None:
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=output,
                                            stderr=subprocess.STDOUT,
                                            start_new_session=True)  # signals reach it only through us

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Supervisor:
    def __init__(self) -> None:
        self.children: List[Child] = []
        self._stopping = False

    def start(self, name: str, args: List[str], env: Dict[str, str], log: Path, replica: bool = False) -> Child:
        child = Child(name, args, env, log, replica)
        self.children.append(child)
        return child

    def wait_ready(self, child: Child, ready: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not child.running():
                raise RuntimeError(f"{child.name} exited with status {child.process.returncode}; its log "
                                   f"({child.log}) ends:\n{tail(child.log)}")
            if ready():
                return
            time.sleep(0.5)
        raise RuntimeError(f"{child.name} did not answer within {timeout:.0f} s; see {child.log}")

    def stop_all(self) -> None:
        self._stopping = True
        for child in reversed(self.children):
            child.stop()

    def run(self, deploy: Callable[["Supervisor"], int]) -> int:
        """``deploy(self)``'s exit status, with every child stopped however it ends; a child that fails to
        start ends the run with its one message (status 1)."""
        self.handle_signals()
        try:
            return deploy(self)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 1
        finally:
            self.stop_all()

    def handle_signals(self) -> None:
        def stop(signum, _frame):
            self.stop_all()
            sys.exit(128 + signum)

        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, stop)

    def watch(self) -> int:
        """Block until a signal arrives or a child that is not a replica ends (then stop the others)."""
        while True:
            for child in self.children:
                if child.running():
                    continue
                if child.replica:
                    print(f"{child.name} exited with status {child.process.returncode}; starting it again "
                          f"(log: {child.log})", file=sys.stderr, flush=True)
                    child.spawn()
                    continue
                print(f"{child.name} exited with status {child.process.returncode}; stopping the others "
                      f"(log: {child.log})", file=sys.stderr, flush=True)
                self.stop_all()
                return 1
            time.sleep(1)


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def child_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    return {**os.environ, **(extra or {})}
