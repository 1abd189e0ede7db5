"""A stand-in for the Telegram, WhatsApp Cloud and Slack APIs, on loopback, for end-to-end tests.

The channels are pointed at it through TELEGRAM_API_URL, WHATSAPP_API_URL and
SLACK_API_URL. It records every request (path, headers, JSON body) and answers
the way the real API does, so a connector cannot tell the difference.
"""
import itertools
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List


@dataclass
class Call:
    path: str
    headers: Dict[str, str]
    body: Any


def _answer(path: str, body: Any, number: int) -> Dict[str, Any]:
    if path.endswith("/sendMessage"):
        chat = {"id": body.get("chat_id"), "type": "private"}
        return {"ok": True, "result": {"message_id": number, "date": int(time.time()), "chat": chat,
                                       "text": body.get("text")}}
    if path.endswith("/answerCallbackQuery"):
        return {"ok": True, "result": True}
    if path.endswith("/messages"):
        return {"messaging_product": "whatsapp", "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                "messages": [{"id": f"wamid.fake{number}"}]}
    if path.endswith("/chat.postMessage"):
        return {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}",
                "message": {"text": body.get("text")}}
    return {"ok": False, "error": "unknown method"}


class FakePlatform:
    def __init__(self) -> None:
        self.calls: List[Call] = []
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw or b"null")
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                with platform._lock:
                    platform.calls.append(Call(self.path, dict(self.headers), body))
                    number = next(platform._numbers)
                answer = json.dumps(_answer(self.path, body if isinstance(body, dict) else {}, number)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakePlatform":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def find(self, match: Callable[[Call], bool]) -> List[Call]:
        with self._lock:
            return [call for call in self.calls if match(call)]

    def wait_for(self, match: Callable[[Call], bool], timeout: float = 30.0,
                 settle: float = 1.0) -> List[Call]:
        """Calls matching `match`, once at least one arrived and no more came for `settle` seconds."""
        deadline = time.monotonic() + timeout
        found: List[Call] = []
        while time.monotonic() < deadline:
            latest = self.find(match)
            if latest and len(latest) == len(found):
                return latest
            found = latest
            time.sleep(settle if found else 0.2)
        return found


def settled(fetch: Callable[[], list], timeout: float = 90.0, settle: float = 1.5) -> list:
    """What `fetch` returns once it is non-empty and has stopped growing for `settle` seconds: webhooks
    answer at once and the replies follow from a background turn."""
    deadline = time.monotonic() + timeout
    found: list = []
    while time.monotonic() < deadline:
        latest = fetch()
        if latest and len(latest) == len(found):
            return latest
        found = latest
        time.sleep(settle if found else 0.2)
    return found
