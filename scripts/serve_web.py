"""Serve the website chat (web/) and the guide pages: `python scripts/serve_web.py --port 8080`.

Only files under web/ are served, never a directory listing or a dotfile.
/config.js is made here: it tells the demo page which Rasa server to talk to
(--rasa-url or RASA_URL), so the page works whatever port Rasa runs on. A page
that embeds the widget elsewhere gives the address in the script tag's
data-server attribute instead.
/guides/<id>/<language> is the readable page of a guide (knowledge/guides.py),
which answers link to; PUBLIC_BASE_URL tells the assistant where this server is.
/console is the support team's console (console/web.py): every request under it goes
there, signed in or not, and its files in web/console/ are never served as plain files.
"""
import argparse
import io
import json
import os
import re
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qsl, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from console.events import EventLog, tracker_store_url  # noqa: E402
from console.web import ConsoleApp, Request  # noqa: E402
from knowledge.guides import GuideNotFound, load_guide, render_page  # noqa: E402

WEB_ROOT = ROOT / "web"
CONSOLE_FILES = WEB_ROOT / "console"
# Request bodies the console reads: a document upload, or a small form / JSON change.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_FORM_BYTES = 256 * 1024
_GUIDE = re.compile(r"^/guides/([a-z0-9][a-z0-9-]*)/([a-z]{2,3})/?$")
# Fixed here rather than read from the system's mime.types, which differs between machines.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
    ".map": "application/json",
    ".txt": "text/plain; charset=utf-8",
}


class WebHandler(SimpleHTTPRequestHandler):
    server_version = "apec-msme-web"

    def __init__(self, *args, rasa_url: str, root: Path = WEB_ROOT, console: Optional[ConsoleApp] = None, **kwargs):
        self.rasa_url = rasa_url
        self.root = root.resolve()
        self.console = console
        super().__init__(*args, directory=str(self.root), **kwargs)

    @staticmethod
    def _is_console(path: str) -> bool:
        return path == "/console" or path.startswith("/console/")

    def do_GET(self):
        if self._is_console(urlsplit(self.path).path):
            return self._console()
        return super().do_GET()

    def do_POST(self):
        if self._is_console(urlsplit(self.path).path):
            return self._console()
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    def _console(self):
        if self.console is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        parts = urlsplit(self.path)
        length = self.headers.get("Content-Length", "0")
        limit = MAX_UPLOAD_BYTES if parts.path.startswith("/console/api/documents") else MAX_FORM_BYTES
        if not length.isdigit() or int(length) > limit:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length.isdigit() else HTTPStatus.LENGTH_REQUIRED)
            return
        cookies = {}
        for pair in self.headers.get("Cookie", "").split(";"):
            name, _, value = pair.strip().partition("=")
            if name:
                cookies[name] = value
        request = Request(method=self.command, path=unquote(parts.path), query=dict(parse_qsl(parts.query)),
                          headers=self.headers, body=self.rfile.read(int(length)) if int(length) else b"",
                          cookies=cookies)
        response = self.console.handle(request)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if path == "/config.js":
            return self._send_bytes(f"window.APEC_CHAT = {json.dumps({'server': self.rasa_url})};\n".encode(),
                                    CONTENT_TYPES[".js"])
        guide = _GUIDE.match(path)
        if guide:
            try:
                page = render_page(load_guide(guide.group(1), guide.group(2)))
            except GuideNotFound:
                self.send_error(HTTPStatus.NOT_FOUND)
                return None
            return self._send_bytes(page.encode("utf-8"), CONTENT_TYPES[".html"])
        file = self._resolve(path)
        if file is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return self._send_bytes(file.read_bytes(), CONTENT_TYPES.get(file.suffix, "application/octet-stream"))

    def _resolve(self, path: str):
        """The file under web/ that `path` names (a folder means its index.html), or None."""
        if any(part.startswith(".") for part in path.split("/")):
            return None  # dotfiles, and ".." before it could climb out of web/
        try:
            file = (self.root / path.lstrip("/")).resolve()
        except (ValueError, OSError):  # a NUL byte, a symlink loop
            return None
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file() or not file.is_relative_to(self.root):  # a symlink pointing out
            return None
        if file.is_relative_to(CONSOLE_FILES.resolve()):  # only through the console, signed in ("//console/...")
            return None
        return file

    def _send_bytes(self, body: bytes, content_type: str):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)  # do_GET copies it to the client, do_HEAD just closes it


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"),
                        help="the Rasa server the demo page talks to")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml",
                        help="the endpoints file Rasa runs with: the console reads its tracker store")
    args = parser.parse_args(argv)
    console = ConsoleApp(events=EventLog(tracker_store_url(endpoints_file=args.endpoints)),
                         secure_cookies=os.environ.get("PUBLIC_BASE_URL", "").startswith("https://"))
    console.start_loading_knowledge()  # its encoder groups unanswered questions
    server = ThreadingHTTPServer((args.host, args.port), partial(WebHandler, rasa_url=args.rasa_url, console=console))
    print(f"Serving {WEB_ROOT} on http://{args.host}:{args.port}/ (Rasa: {args.rasa_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
