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
    assert request(site, "/index.html", "POST")[0] == 405


@pytest.mark.parametrize("path", ["//console/console.js", "/console/app.html", "/./console/console.js",
                                  "/console%2fconsole.js", "/CONSOLE/console.js"])
def test_the_real_console_files_are_never_served_as_plain_files(path):
    """Only console/web.py serves them, to a signed-in session (tests/console/test_web.py)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(WebHandler, rasa_url="http://127.0.0.1:5999"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        status, _, body = request(server.server_address[1], path)
    finally:
        server.shutdown()
        server.server_close()
    assert status == 404 and b"api(" not in body


def test_the_real_web_folder_has_the_widget_and_its_vendored_client():
    for name in ("index.html", "widget.js", "widget.css", "vendor/socket.io.min.js",
                 "vendor/socket.io-client-LICENSE.txt"):
        assert (WEB_ROOT / name).is_file(), name


def test_a_guide_has_a_readable_page_with_its_sections_date_and_sources(site):
    status, content_type, body = request(site, "/guides/finance-loan-application/es")
    page = body.decode("utf-8")
    assert status == 200 and content_type == "text/html; charset=utf-8"
    assert '<html lang="es">' in page and "<h1>Cómo preparar una solicitud de préstamo</h1>" in page
    assert 'id="intro"' in page and "<li>" in page  # sections with their anchors, lists as lists
    assert "https://www.sba.gov/" in page and '<time datetime="2026-' in page
    assert 'href="/guides/finance-loan-application/en"' in page  # the other languages


def test_the_statement_has_a_page_with_one_anchor_per_paragraph(site):
    status, _, body = request(site, "/guides/apec-smemm-2020/en")
    assert status == 200 and all(f'id="p{n}"' in body.decode() for n in range(1, 13))


@pytest.mark.parametrize("path", ["/guides/no-such-guide/en", "/guides/finance-loan-application/xx",
                                  "/guides/apec-smemm-2020/es", "/guides/../index.html/en", "/guides/"])
def test_a_guide_that_does_not_exist_is_not_found(site, path):
    assert request(site, path)[0] == 404
