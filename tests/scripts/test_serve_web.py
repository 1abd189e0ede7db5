"""scripts/serve_web.py: serves web/ and nothing else, with the right content types."""
import http.client
import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from scripts.serve_web import WEB_ROOT, WebHandler


@pytest.fixture
def site(tmp_path):
    """A web root with a page, a script, a dotfile and a symlink out of the root; a secret beside it."""
    root = tmp_path / "web"
    (root / "vendor").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>chat</title>")
    (root / "vendor" / "client.js").write_text("var io;")
    (root / ".env").write_text("TOKEN=secret")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "escape.txt").symlink_to(tmp_path / "secret.txt")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(WebHandler, rasa_url="http://127.0.0.1:5999", root=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def request(port, path, method="GET"):
    """(status, content type, body); the path is sent as is (urllib would normalise "..")."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


def test_pages_and_scripts_have_their_content_types(site):
    assert request(site, "/")[:2] == (200, "text/html; charset=utf-8")
    assert request(site, "/vendor/client.js?v=1") == (200, "text/javascript; charset=utf-8", b"var io;")
    assert request(site, "/vendor/client.js", "HEAD") == (200, "text/javascript; charset=utf-8", b"")


def test_config_js_names_the_rasa_server(site):
    assert request(site, "/config.js") == (
        200, "text/javascript; charset=utf-8", b'window.APEC_CHAT = {"server": "http://127.0.0.1:5999"};\n')


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/vendor/..%2f..%2fsecret.txt", "//secret.txt",
    "/.env", "/escape.txt", "/vendor", "/vendor/", "/missing.js", "/index.html%00.js",
])
def test_nothing_outside_web_nor_listings_nor_dotfiles(site, path):
    status, _, body = request(site, path)
    assert status == 404
    assert b"secret" not in body


def test_only_reading_is_allowed(site):
    assert request(site, "/index.html", "POST")[0] == 501


def test_the_real_web_folder_has_the_widget_and_its_vendored_client():
    for name in ("index.html", "widget.js", "widget.css", "vendor/socket.io.min.js",
                 "vendor/socket.io-client-LICENSE.txt"):
        assert (WEB_ROOT / name).is_file(), name
