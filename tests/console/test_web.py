"""The console's HTTP layer: nothing without a session, CSRF on every change, roles, the queue, exports."""
import csv
import io
import json
from http import HTTPStatus

import pytest

from console.web import SESSION_COOKIE, SIGNIN_COOKIE
from tests.console.conftest import PASSWORD, answer, no_answer, user

API_ROUTES = ["/console/api/me", "/console/api/handoffs", "/console/api/handoffs.csv", "/console/api/conversations",
              "/console/api/conversations/someone", "/console/api/unanswered", "/console/api/unanswered.csv",
              "/console/api/figures"]


@pytest.mark.parametrize("path", API_ROUTES)
def test_no_api_route_answers_without_a_session(client, stores, path):
    stores.store.record("u1", "+6591234567", "en", "a loan?", "rest")
    response = client.request("GET", path)
    assert response.status == HTTPStatus.UNAUTHORIZED
    assert b"+6591234567" not in response.body


def test_pages_send_to_sign_in_and_only_the_stylesheet_is_public(client):
    for path in ("/console/", "/console", "/console/static/console.js"):
        response = client.request("GET", path)
        assert response.status == HTTPStatus.SEE_OTHER
        assert dict(response.headers)["Location"] == "/console/signin"
    assert client.request("GET", "/console/static/console.css").status == HTTPStatus.OK
    page = client.request("GET", "/console/signin")
    assert page.status == HTTPStatus.OK and b'name="password"' in page.body


def test_sign_in_sets_an_http_only_strict_cookie_and_wrong_passwords_fail(client, stores):
    stores.accounts.create("ana", "advisor", PASSWORD)
    assert client.sign_in("ana", "wrong password!!").status == HTTPStatus.UNAUTHORIZED
    assert SESSION_COOKIE not in client.cookies
    response = client.sign_in("ana")
    assert response.status == HTTPStatus.SEE_OTHER
    cookie = next(v for k, v in response.headers if k == "Set-Cookie" and v.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie
    assert client.get_json("/console/api/me")[1] == {"user": "ana", "role": "advisor", "csrf": client.csrf}


def test_sign_in_needs_the_token_of_its_own_form(client, stores):
    stores.accounts.create("ana", "advisor", PASSWORD)
    client.request("GET", "/console/signin")
    forged = f"name=ana&password={PASSWORD.replace(' ', '+')}&csrf=guessed".encode()
    response = client.request("POST", "/console/signin", forged,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == HTTPStatus.FORBIDDEN and SESSION_COOKIE not in client.cookies
    assert SIGNIN_COOKIE in client.cookies


def test_repeated_wrong_passwords_lock_the_name_for_a_while(client, stores):
    stores.accounts.create("ana", "advisor", PASSWORD)
    for _ in range(5):
        assert client.sign_in("ana", "not the password").status == HTTPStatus.UNAUTHORIZED
    assert client.sign_in("ana").status == HTTPStatus.TOO_MANY_REQUESTS


def test_a_change_without_the_csrf_token_is_refused(advisor, stores):
    stores.store.record("u1", "+6591234567", "en", "a loan?", "rest")
    status, body = advisor.post_json("/console/api/handoffs/1", {"status": "closed"}, csrf=False)
    assert status == HTTPStatus.FORBIDDEN
    assert stores.store.all()[0]["status"] == "new"


def test_sign_out_ends_the_session_on_the_server(advisor, stores):
    token = advisor.cookies[SESSION_COOKIE]
    response = advisor.request("POST", "/console/signout", f"csrf={advisor.csrf}".encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == HTTPStatus.SEE_OTHER
    assert stores.accounts.session(token) is None
    assert advisor.get_json("/console/api/me")[0] == HTTPStatus.UNAUTHORIZED


def test_the_queue_shows_each_request_with_its_assessment_and_takes_status_and_note(advisor, stores):
    reference = stores.store.record_assessment("u2", "telegram", "es", "loan_readiness", {"q1": 2},
                                               {"records": 0.5}, 0.5, "developing")
    stores.store.record("u1", "ana@example.com", "en", "a loan?", "rest")
    stores.store.record("u2", "+51987654321", "es", "un préstamo", "telegram", assessment_result=reference)
    status, body = advisor.get_json("/console/api/handoffs")
    assert status == HTTPStatus.OK
    newest, oldest = body["handoffs"]
    assert (newest["reference"], newest["language"], newest["channel"]) == ("H000002", "es", "telegram")
    assert newest["assessment"]["reference"] == reference and newest["assessment"]["level"] == "developing"
    assert oldest["assessment"] is None and oldest["status"] == "new"

    status, changed = advisor.post_json("/console/api/handoffs/2", {"status": "contacted", "note": "called"})
    assert status == HTTPStatus.OK
    assert (changed["status"], changed["note"], changed["status_by"]) == ("contacted", "called", "ana")
    assert changed["status_at"]
    assert [h["reference"] for h in advisor.get_json("/console/api/handoffs", status="contacted")[1]["handoffs"]] \
        == ["H000002"]
    assert advisor.get_json("/console/api/handoffs", language="en")[1]["handoffs"][0]["reference"] == "H000001"


@pytest.mark.parametrize("change", [{"status": "done"}, {"note": 5}, {}, ["closed"]])
def test_a_bad_change_is_refused_with_a_reason(advisor, stores, change):
    stores.store.record("u1", "+6591234567", "en", "a loan?", "rest")
    status, body = advisor.post_json("/console/api/handoffs/1", change)
    assert status == HTTPStatus.BAD_REQUEST and body["error"]
    assert advisor.post_json("/console/api/handoffs/99", {"status": "closed"})[0] == HTTPStatus.NOT_FOUND


def test_the_queue_exports_as_csv_that_a_spreadsheet_cannot_run(advisor, stores):
    stores.store.record("u1", "+6591234567", "th", "=HYPERLINK(\"http://evil\")", "whatsapp")
    response = advisor.request("GET", "/console/api/handoffs.csv")
    assert response.status == HTTPStatus.OK and response.content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert rows[0]["reference"] == "H000001" and rows[0]["channel"] == "whatsapp"
    assert rows[0]["question"].startswith("'=")
    assert rows[0]["contact"] == "'+6591234567"


def test_conversations_are_found_by_text_language_and_intent_and_read_as_transcripts(advisor, stores):
    stores.conversation("c-es", user("necesito un préstamo para mi mipyme", "finance_access"),
                        answer("Prepare sus estados financieros."), language="es")
    stores.conversation("c-en", user("how do I sell on Shopee?", "digital_transformation"), no_answer())
    found = advisor.get_json("/console/api/conversations", q="PRÉSTAMO")[1]
    assert [c["sender_id"] for c in found["conversations"]] == ["c-es"]
    assert found["conversations"][0]["language"] == "es" and found["languages"] == ["en", "es"]
    assert [c["sender_id"] for c in advisor.get_json("/console/api/conversations", language="en")[1]
            ["conversations"]] == ["c-en"]
    assert [c["sender_id"] for c in advisor.get_json(
        "/console/api/conversations", intent="finance_access")[1]["conversations"]] == ["c-es"]

    status, transcript = advisor.get_json("/console/api/conversations/c-es")
    assert status == HTTPStatus.OK
    said = [(turn["who"], turn["text"]) for turn in transcript["turns"]]
    assert said == [("user", "necesito un préstamo para mi mipyme"), ("bot", "Prepare sus estados financieros.")]
    assert transcript["turns"][1]["citations"][0]["title"] == "Applying for a loan"
    assert advisor.get_json("/console/api/conversations/nobody")[0] == HTTPStatus.NOT_FOUND


def test_a_rating_shows_on_the_answer_it_rates(advisor, stores):
    tracker = stores.conversation("c1", user("loan documents?", "finance_access"), answer("Bring your books."))
    answered_at = tracker.events[-1].timestamp
    stores.store.record_feedback("c1", "rest", "en", False, "loan documents?", answered_at,
                                 [{"source_id": "finance-loan-application"}])
    stores.store.add_feedback_comment("c1", "a list for a bank in Peru")
    turns = advisor.get_json("/console/api/conversations/c1")[1]["turns"]
    assert turns[-1]["feedback"] == {"helpful": False, "comment": "a list for a bank in Peru"}


def test_unanswered_questions_group_and_export(advisor, stores):
    stores.conversation("a", user("solar panel grants for farms?", "nlu_fallback"), no_answer())
    stores.conversation("b", user("solar panel grants for farms please", "nlu_fallback"), no_answer())
    stores.conversation("c", user("how to get a loan", "finance_access"), answer("...", outcome="low_confidence"))
    stores.conversation("d", user("how to open a bank account", "finance_access"), answer("..."))
    body = advisor.get_json("/console/api/unanswered")[1]
    counts = {group["label"]: group["count"] for group in body["groups"]}
    assert counts == {"solar panel grants for farms?": 2, "how to get a loan": 1}
    assert body["groups"][0]["reasons"]["no_answer"] == 2
    assert advisor.get_json("/console/api/unanswered", reason="low_confidence")[1]["groups"][0]["count"] == 1
    exported = advisor.request("GET", "/console/api/unanswered.csv").body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows[0]["count"] == "2" and "solar panel grants for farms please" in rows[0]["examples"]


def test_figures_count_conversations_answers_feedback_and_open_handoffs(advisor, stores):
    tracker = stores.conversation("a", user("loan?", "finance_access"), answer("Yes."),
                                  user("and grants for solar?", "nlu_fallback"), no_answer())
    stores.store.record_feedback("a", "rest", "en", True, "loan?", tracker.events[3].timestamp, [])
    stores.store.record("a", "+6591234567", "en", "loan?", "rest")
    totals = advisor.get_json("/console/api/figures", days="7")[1]["totals"]
    assert (totals["conversations"], totals["messages"], totals["questions"], totals["answered"]) == (1, 2, 2, 1)
    assert (totals["answered_rate"], totals["feedback_rate"], totals["helpful_share"]) == (0.5, 1.0, 1.0)
    assert totals["open_handoffs"] == 1


def test_an_unreachable_database_is_a_clear_503_not_a_crash(advisor, stores):
    stores.store.engine.dispose()
    stores.store.engine = __import__("sqlalchemy").create_engine("sqlite:////nonexistent/dir/x.sqlite3")
    response = advisor.request("GET", "/console/api/handoffs")
    assert response.status in (HTTPStatus.SERVICE_UNAVAILABLE, HTTPStatus.UNAUTHORIZED)
    assert json.loads(response.body)["error"]
