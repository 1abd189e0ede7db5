import asyncio

from rasa.shared.core.events import BotUttered, UserUttered

from channels.options import MAX_CHOICE_CHARS, chosen_payload, numbered_options, resolve_choice
from tests.channels.fake_agent import FakeTrackerStore, request_with

BUTTONS = [{"title": "Finance", "payload": "/finance_access"},
           {"title": "Going digital", "payload": "/digital_transformation"},
           {"title": "Exporting", "payload": "/export_readiness"},
           {"title": "Talk to an advisor", "payload": "/human_handoff"}]
OFFERED = [UserUttered("hi"), BotUttered("Pick a topic:", {"buttons": BUTTONS})]


def resolve(store, sender, text):
    return asyncio.run(resolve_choice(request_with(store), sender, text))


def test_options_are_numbered_from_one():
    assert numbered_options(BUTTONS[:2]) == "1. Finance\n2. Going digital"


def test_a_number_or_an_exact_title_picks_the_payload():
    assert chosen_payload(" 2 ", BUTTONS) == "/digital_transformation"
    assert chosen_payload("4.", BUTTONS) == "/human_handoff"
    assert chosen_payload("exporting", BUTTONS) == "/export_readiness"
    assert chosen_payload("5", BUTTONS) is None and chosen_payload("0", BUTTONS) is None
    assert chosen_payload("How do I export?", BUTTONS) is None


def test_a_number_picks_from_the_buttons_the_bot_just_offered_that_sender():
    store = FakeTrackerStore(events={"alice": OFFERED, "bob": OFFERED[:1]})
    assert resolve(store, "alice", "1") == "/finance_access"
    assert resolve(store, "alice", "talk to an advisor") == "/human_handoff"
    assert resolve(store, "bob", "1") == "1"
    assert resolve(store, "carol", "1") == "1"  # no conversation yet


def test_later_bot_messages_without_buttons_keep_the_options_but_a_user_message_ends_them():
    citations = BotUttered(None, {"custom": {"citations": [], "language": "en"}})
    quick_replies = [UserUttered("hi"), BotUttered("Pick:", {"quick_replies": BUTTONS[:2]})]
    store = FakeTrackerStore(events={"alice": OFFERED + [citations], "bob": OFFERED + [UserUttered("1")],
                                     "carol": quick_replies})
    assert resolve(store, "alice", "3") == "/export_readiness"
    assert resolve(store, "bob", "1") == "1"  # those options were for the message before
    assert resolve(store, "carol", "2") == "/digital_transformation"


def test_a_question_is_passed_on_and_a_long_one_costs_no_lookup():
    store = FakeTrackerStore(events={"alice": OFFERED})
    assert resolve(store, "alice", "What is factoring?") == "What is factoring?"
    long_question = "How " + "do I export " * (MAX_CHOICE_CHARS // 10)
    assert resolve(store, "alice", long_question) == long_question
    assert store.retrieved == ["alice"]


def test_a_tracker_store_that_is_down_leaves_the_text_as_it_is():
    assert resolve(FakeTrackerStore(down=True), "alice", "1") == "1"
