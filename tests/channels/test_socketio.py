"""channels/socketio.py: the website widget's socket.io channel, its handlers called directly."""
import asyncio
from types import SimpleNamespace

import pytest

from channels.socketio import WidgetInput, WidgetOutput, allowed_origins, origin_allowed

CITED = {"citations": [{"source_id": "loans", "anchor": "", "title": "Loans", "url": "https://example.org/loans"}],
         "language": "es"}


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, name):
        async def record(*args, **kwargs):
            self.calls.append((name, args, kwargs))
        return record


@pytest.fixture
def channel(monkeypatch):
    """The channel's handlers, with the socket.io server's room and emit calls recorded."""
    monkeypatch.setenv("CORS_ORIGINS", "http://localhost:8080 https://shop.example/")
    received = []

    async def on_new_message(message):
        received.append(message)

    widget = WidgetInput.from_credentials({"session_persistence": True})
    widget.blueprint(on_new_message)
    recorder = Recorder()
    monkeypatch.setattr(widget.sio, "enter_room", recorder("enter_room"))
    monkeypatch.setattr(widget.sio, "emit", recorder("emit"))
    return widget.sio.handlers["/"], recorder.calls, received


def run(coroutine):
    return asyncio.run(coroutine)


def test_origins_come_from_cors_origins_like_rasa_run_cors(monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", " http://localhost:8080  https://shop.example/ ")
    assert allowed_origins() == ["http://localhost:8080", "https://shop.example"]
    monkeypatch.delenv("CORS_ORIGINS")
    assert allowed_origins() == ["http://localhost:8080"]
    assert origin_allowed("https://anything.example", allowed_origins("*"))


def test_a_browser_on_another_origin_cannot_connect(channel):
    handlers, _, _ = channel
    assert run(handlers["connect"]("sid1", {"HTTP_ORIGIN": "https://shop.example"}, None)) is True
    assert run(handlers["connect"]("sid1", {"HTTP_ORIGIN": "http://evil.example"}, None)) is False
    assert run(handlers["connect"]("sid1", {"HTTP_ORIGIN": "http://localhost:8081"}, None)) is False
    assert run(handlers["connect"]("sid1", {}, None)) is True  # not a browser


def test_a_session_request_joins_its_room_so_replies_reach_a_reloaded_page(channel):
    handlers, calls, _ = channel
    run(handlers["session_request"]("sid1", {"session_id": "abc"}))
    assert calls == [("enter_room", ("sid1", "abc"), {"namespace": None}),
                     ("emit", ("session_confirm", "abc"), {"room": "sid1", "namespace": None})]


def test_a_new_session_gets_a_fresh_id(channel):
    handlers, calls, _ = channel
    run(handlers["session_request"]("sid1", None))
    session_id = calls[0][1][1]
    assert len(session_id) == 32 and calls[1][1] == ("session_confirm", session_id)


def test_a_message_reaches_rasa_with_its_session_and_locale(channel):
    handlers, _, received = channel
    run(handlers["user_uttered"]("sid1", {"message": "hola", "session_id": "abc", "metadata": {"locale": "es"}}))
    run(handlers["user_uttered"]("sid1", {"message": "no session yet"}))
    assert [(m.text, m.sender_id, m.metadata, m.input_channel) for m in received] == [
        ("hola", "abc", {"locale": "es"}, "socketio")]
    assert isinstance(received[0].output_channel, WidgetOutput)


@pytest.mark.parametrize("data", [
    {"message": "", "session_id": "abc"}, {"message": "x" * 100_000, "session_id": "abc"},
    {"message": {"nested": 1}, "session_id": "abc"}, {"message": "\ud800", "session_id": "abc"},
])
def test_bad_messages_get_a_notice_and_never_reach_rasa(channel, data):
    handlers, calls, received = channel
    run(handlers["user_uttered"]("sid1", {**data, "metadata": {"locale": "es"}}))
    assert received == []
    assert [call[1][0] for call in calls] == ["bot_uttered"] and calls[0][2] == {"room": "abc"}
    assert calls[0][1][1]["text"] != ""


def test_a_payload_that_is_not_an_object_is_ignored(channel):
    handlers, calls, received = channel
    for data in (None, "hola", ["hola"], 42):
        run(handlers["user_uttered"]("sid1", data))
    assert calls == [] and received == []


def test_a_bot_message_is_one_event_with_text_buttons_and_citations():
    recorder = Recorder()
    output = WidgetOutput(SimpleNamespace(emit=recorder("emit")), "bot_uttered")
    run(output.send_response("abc", {
        "text": "Primera parte.\n\nFuente: Loans https://example.org/loans", "custom": CITED,
        "buttons": [{"title": "Financiamiento", "payload": "/finance_access"}],
        "image": None, "elements": None, "timestamp": 1.5, "utter_action": "utter_answer"}))
    assert recorder.calls == [("emit", ("bot_uttered", {
        "text": "Primera parte.\n\nFuente: Loans https://example.org/loans",
        "buttons": [{"title": "Financiamiento", "payload": "/finance_access"}],
        "custom": CITED}), {"room": "abc"})]


def test_jwt_settings_are_refused_rather_than_ignored():
    with pytest.raises(ValueError, match="jwt_key"):
        WidgetInput.from_credentials({"jwt_key": "secret"})
