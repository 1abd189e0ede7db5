"""action_set_economy on saved trackers: the user says where they are, or taps an economy button."""
from actions.economy import ActionSetEconomy
from tests.actions.conftest import load_tracker

ACTION = ActionSetEconomy()


def said(text, entities=(), **slots):
    tracker = load_tracker("finance_question_es", **slots)
    tracker.latest_message.update(text=text, intent={"name": "inform_economy", "confidence": 0.9},
                                  entities=list(entities))
    return tracker


def slot(name, value):
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


def test_a_place_after_an_answer_names_that_economys_offices_for_the_question_just_asked(run):
    events, messages = run(ACTION, said("Estoy en Lima", last_roles=["credit_bureau"]))
    assert events == [slot("economy", "PE"), slot("economy_asked", True)]
    noted, where = messages
    assert noted["response"] == "utter_economy_noted" and noted["economy"] == "Perú"
    assert where["response"] == "utter_where_to_go" and where["economy"] == "Perú"
    listed = where["custom"]["institutions"]
    assert listed and {item["role"] for item in listed} == {"credit_bureau"}
    assert all(item["economy"] == "PE" and item["url"] in where["institutions"] for item in listed)


def test_moving_changes_the_economy(run):
    events, messages = run(ACTION, said("me mudé a Chile", economy="PE"))
    assert slot("economy", "CL") in events and messages[0]["economy"] == "Chile"


def test_a_button_gives_the_economy_as_an_entity(run):
    button = said('/inform_economy{"economy": "MX"}', entities=[{"entity": "economy", "value": "MX"}])
    events, messages = run(ACTION, button)
    assert slot("economy", "MX") in events and messages[0]["economy"] == "México"


def test_without_an_earlier_answer_the_economy_is_only_noted(run):
    events, messages = run(ACTION, said("Penang"))
    assert slot("economy", "MY") in events and [m["response"] for m in messages] == ["utter_economy_noted"]


def test_a_place_outside_apec_keeps_the_economy_and_asks_again(run):
    for text in ("estoy en Francia", '/inform_economy{"economy": "FR"}'):
        entities = [{"entity": "economy", "value": "FR"}] if text.startswith("/") else []
        events, messages = run(ACTION, said(text, entities=entities, economy="PE"))
        assert events == [] and [m["response"] for m in messages] == ["utter_economy_unknown"]
