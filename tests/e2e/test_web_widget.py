"""The website chat (web/) in a real browser: Debian's headless Chromium, driven by Playwright,
on pages from scripts/serve_web.py, talking to the running assistant over socket.io."""
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

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

    answer = ask(page, "What documents does a bank want for a small business loan?")
    guide = answer.locator("a[href*='/guides/finance-loan-application/en#']")
    expect(guide).to_have_count(1)  # the source is shown once: in the text, not again in a list below
    expect(answer.locator(".apec-chat__citations")).to_have_count(0)
    expect(answer).to_have_attribute("lang", "en")  # so a screen reader reads it with the right voice

    page.get_by_label("Language").select_option("es")  # an explicit choice: the assistant confirms it
    confirmation = bot_messages(page).last
    expect(confirmation).to_contain_text("español", timeout=REPLY_TIMEOUT_MS)
    expect(page.get_by_role("textbox", name="Tu mensaje")).to_be_visible()
    page.get_by_role("textbox", name="Tu mensaje").focus()
    answer = ask(page, "¿Cómo puedo conseguir un crédito para mi pequeña empresa si no tengo garantías?")
    text = answer.inner_text()
    assert "Fuente:" in text and len(spanish_words(text)) >= 3, text
    expect(answer).to_have_attribute("lang", "es")
    expect(answer.locator("p a[href*='/guides/'][href*='/es#']")).to_have_count(1)  # in the text, once

    # An English word, but the conversation is in Spanish: a short message keeps it.
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


def test_what_the_user_types_decides_the_language_over_the_pages_locale(page, web):
    open_chat(page, web)  # the page's locale is English
    answer = ask(page, "¿Qué papeles me pide el banco para un préstamo para mi negocio?")
    expect(answer).to_have_attribute("lang", "es")
    assert "Fuente:" in answer.inner_text()


def test_the_cited_guide_opens_at_its_section_with_its_sources(page, web):
    open_chat(page, web)
    answer = ask(page, "What documents does a bank want for a small business loan?")
    href = answer.locator("a[href*='/guides/']").first.get_attribute("href")
    page.goto(href)  # the same address, in this tab
    expect(page.get_by_role("heading", level=1)).to_have_text("Preparing a loan application")
    section = page.locator(f"section[id='{unquote(urlsplit(href).fragment)}']")
    expect(section).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Small Business Administration"))).to_have_count(1)
    page.screenshot(path=str(SCREENSHOT.with_name("guide.png")))


def test_on_a_phone_the_chat_fills_the_screen_without_sideways_scrolling(browser, web):
    context = browser.new_context(locale="en-US", viewport={"width": 375, "height": 667}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        open_chat(page, web)
        ask(page, "What documents does a bank want for a small business loan?")  # long guide addresses
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


def test_a_finished_self_assessment_shows_a_bar_per_dimension(page, web):
    open_chat(page, web)
    first = ask(page, "am I ready to get a loan? test me")
    expect(first).to_contain_text("loan")  # the check's introduction
    for _ in range(30):  # one click per question, alternating the first and the last option
        question = bot_messages(page).last
        if question.locator(".apec-chat__result").count():
            break
        buttons = question.get_by_role("group").get_by_role("button")
        expect(buttons.first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        before = bot_messages(page).count()
        (buttons.first if before % 2 else buttons.last).click()
        expect(bot_messages(page)).not_to_have_count(before, timeout=REPLY_TIMEOUT_MS)
        page.wait_for_timeout(300)  # the result and its follow-up arrive in one burst
    result = page.locator(".apec-chat__result").last
    expect(result.locator(".apec-chat__result-row")).to_have_count(6)
    widths = result.locator(".apec-chat__bar-fill").evaluate_all("bars => bars.map(b => b.style.width)")
    values = result.locator(".apec-chat__result-value").all_inner_texts()
    assert widths == values and any(v != "0%" for v in values), (widths, values)
    message = result.locator("xpath=ancestor::div[contains(@class, 'apec-chat__message')]")
    expect(message.locator("a[href*='/guides/']")).not_to_have_count(0)  # the weakest dimensions' guides
    expect(message.get_by_role("button", name="Talk to an advisor")).to_be_visible()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT.with_name("assessment.png")))


def test_the_language_menu_switches_to_japanese_and_answers_come_from_japanese_guides(page, web):
    open_chat(page, web)
    page.get_by_label("Language").select_option("ja")
    expect(bot_messages(page).last).to_contain_text("日本語", timeout=REPLY_TIMEOUT_MS)
    box = page.get_by_role("textbox", name="メッセージ")
    expect(box).to_be_visible()
    box.focus()
    answer = ask(page, "小さな店ですが、銀行の融資を申し込むときにどんな書類が要りますか？")
    expect(answer).to_have_attribute("lang", "ja")
    assert "出典" in answer.inner_text(), answer.inner_text()
    expect(answer.locator("p a[href*='/guides/'][href*='/ja#']")).to_have_count(1)
    page.screenshot(path=str(SCREENSHOT.with_name("widget-ja.png")))
