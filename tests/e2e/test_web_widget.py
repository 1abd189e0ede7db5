"""The website chat (web/) in a real browser: Debian's headless Chromium, driven by Playwright,
on pages from scripts/serve_web.py, talking to the running assistant over socket.io."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.servers import ROOT, http, wait_until

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "tests" / "artifacts" / "widget.png"
REPLY_TIMEOUT_MS = 60_000
SPANISH_WORDS = {"de", "la", "el", "que", "y", "para", "tu", "su", "en", "los", "las", "una", "con", "puedes", "por"}


@pytest.fixture(scope="module")
def web(assistant, web_origin, tmp_path_factory):
    """scripts/serve_web.py on web_origin (the one origin the assistant allows), pointed at the assistant."""
    log = tmp_path_factory.mktemp("web") / "web.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--port", web_origin.rsplit(":", 1)[1],
             "--rasa-url", assistant.url], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: http("GET", f"{web_origin}/", timeout=2)[0] == 200, "web server", process, log, timeout=30)
        yield web_origin
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    yield context.new_page()
    context.close()


def open_chat(page, url):
    page.goto(url)
    page.get_by_role("button", name="Chat with the MSME assistant").click()
    expect_connection(page, "ready")


def expect_connection(page, state):
    expect(page.locator(".apec-chat")).to_have_attribute("data-connection", state, timeout=30_000)


def bot_messages(page):
    return page.locator(".apec-chat__message--bot")


def ask(page, text):
    """Type `text` and press Enter, as a person would; the first bot message that answers it."""
    before = bot_messages(page).count()
    page.keyboard.type(text)  # into the input: opening the chat and sending put the focus there
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.apec-chat__message--bot').length > n", arg=before,
                           timeout=REPLY_TIMEOUT_MS)
    page.wait_for_timeout(500)  # a reply of several messages arrives in one burst
    return bot_messages(page).nth(before)


def spanish_words(text):
    return SPANISH_WORDS & set(re.findall(r"\w+", text.lower()))


def test_a_conversation_with_citations_languages_and_buttons_survives_a_reload(page, web):
    open_chat(page, web)
    expect(page.get_by_role("textbox", name="Your message")).to_be_focused()
    expect(page.get_by_role("log")).to_have_attribute("aria-live", "polite")

    answer = ask(page, "How do I prepare a loan application?")
    expect(answer.locator(".apec-chat__citations a").first).to_have_attribute("href", re.compile(r"^https?://"))
    expect(answer).to_have_attribute("lang", "en")  # so a screen reader reads it with the right voice

    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("textbox", name="Tu mensaje")).to_be_visible()
    page.get_by_role("textbox", name="Tu mensaje").focus()
    answer = ask(page, "¿Cómo puedo conseguir un crédito para mi pequeña empresa si no tengo garantías?")
    text = answer.inner_text()
    assert "Fuente:" in text and len(spanish_words(text)) >= 3, text
    expect(answer).to_have_attribute("lang", "es")
    expect(answer.locator(".apec-chat__citations a").first).to_have_attribute("href", re.compile(r"^https?://"))

    # An English word, but the picker says Spanish: the locale in the message metadata wins.
    menu = ask(page, "help")
    assert len(spanish_words(menu.inner_text())) >= 3, menu.inner_text()
    choice = menu.get_by_role("group", name="Respuestas sugeridas").get_by_role("button").first
    title = choice.inner_text()
    before = bot_messages(page).count()
    choice.click()
    expect(page.locator(".apec-chat__message--user").last).to_contain_text(title)
    expect(bot_messages(page)).not_to_have_count(before, timeout=REPLY_TIMEOUT_MS)
    expect(menu.get_by_role("group")).to_have_count(0)  # used suggestions go away

    transcript = page.locator(".apec-chat__log").inner_text()
    page.reload()
    expect(page.locator(".apec-chat__log")).to_have_text(transcript, use_inner_text=True)
    expect(page.get_by_label("Idioma")).to_have_value("es")
    expect_connection(page, "ready")
    page.get_by_role("textbox", name="Tu mensaje").focus()
    again = ask(page, "¿Cómo puedo vender mis productos en línea?")  # the same session goes on after the reload
    assert len(spanish_words(again.inner_text())) >= 3, again.inner_text()

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Chatea con el asistente para mipymes")).to_be_focused()


def test_on_a_phone_the_chat_fills_the_screen_without_sideways_scrolling(browser, web):
    context = browser.new_context(locale="en-US", viewport={"width": 375, "height": 667}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        open_chat(page, web)
        ask(page, "How do I prepare a loan application?")  # an answer with long source addresses
        for control in (page.get_by_role("textbox", name="Your message"), page.get_by_role("button", name="Send")):
            expect(control).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate("(log => log.scrollWidth <= log.clientWidth)(document.querySelector('.apec-chat__log'))")
        page.screenshot(path=str(SCREENSHOT.with_name("widget-phone.png")))
    finally:
        context.close()


def test_a_page_on_another_origin_is_refused(page, web):
    # Same server, but the origin "http://localhost:<port>" is not the allowed "http://127.0.0.1:<port>".
    other = web.replace("127.0.0.1", "localhost")
    page.goto(other)
    page.get_by_role("button", name="Chat with the MSME assistant").click()
    expect_connection(page, "refused")
    expect(page.get_by_role("status")).to_have_text("This page is not allowed to connect to the assistant.")
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    page.wait_for_timeout(2000)
    expect(page.locator(".apec-chat__message")).to_have_count(0)
