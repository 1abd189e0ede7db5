from channels.options import OptionMemory, chosen_payload, numbered_options

BUTTONS = [{"title": "Finance", "payload": "/finance_access"},
           {"title": "Going digital", "payload": "/digital_transformation"},
           {"title": "Exporting", "payload": "/export_readiness"},
           {"title": "Talk to an advisor", "payload": "/human_handoff"}]


def test_options_are_numbered_from_one():
    assert numbered_options(BUTTONS[:2]) == "1. Finance\n2. Going digital"


def test_a_number_or_an_exact_title_picks_the_payload():
    assert chosen_payload(" 2 ", BUTTONS) == "/digital_transformation"
    assert chosen_payload("4.", BUTTONS) == "/human_handoff"
    assert chosen_payload("exporting", BUTTONS) == "/export_readiness"
    assert chosen_payload("5", BUTTONS) is None and chosen_payload("0", BUTTONS) is None
    assert chosen_payload("How do I export?", BUTTONS) is None


def test_options_answer_only_the_next_message_of_the_same_sender():
    memory = OptionMemory()
    memory.remember("alice", BUTTONS)
    assert memory.resolve("bob", "1") == "1"
    assert memory.resolve("alice", "1") == "/finance_access"
    assert memory.resolve("alice", "1") == "1"  # stale options are gone


def test_a_question_instead_of_a_number_is_passed_on_and_forgets_the_options():
    memory = OptionMemory()
    memory.remember("alice", BUTTONS)
    assert memory.resolve("alice", "What is factoring?") == "What is factoring?"
    assert memory.resolve("alice", "2") == "2"


def test_the_oldest_senders_are_forgotten_beyond_capacity():
    memory = OptionMemory(capacity=2)
    for sender in ("a", "b", "c"):
        memory.remember(sender, BUTTONS)
    assert memory.resolve("a", "1") == "1"
    assert memory.resolve("c", "1") == "/finance_access"
