"""The console's HTTP layer: sign-in, sessions, CSRF, roles, and the JSON API the page calls.

scripts/serve_web.py hands it every /console request as a ``Request`` and writes back the
``Response``; nothing here knows the server. Without a live session the only things served
are the sign-in page and the stylesheet: the page, its script and every API answer need one
(API calls get 401, pages a redirect to sign in). Every POST must carry the session's CSRF
token (the X-CSRF-Token header, or a `csrf` form field); sign-in itself checks a token set in
a cookie before it (double submit), so no other site can sign a browser in or out.
"""
import datetime
import html
import json
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Tuple
from urllib.parse import parse_qs, quote, unquote

from sqlalchemy.exc import SQLAlchemyError

from actions.handoff_store import HANDOFF_STATUSES, HandoffStore
from console import conversations as conv
from console import unanswered
from console.accounts import Accounts, Session
from console.documents import Library, UploadError
from console.events import EventLog
from console.exports import join, to_csv
from console.figures import figures
from knowledge.service import KnowledgeUnavailable, service

logger = logging.getLogger(__name__)
PAGES = Path(__file__).resolve().parents[1] / "web" / "console"
SESSION_COOKIE = "console_session"
SIGNIN_COOKIE = "console_signin"
DAY = 86400.0
# How long a request for the unanswered list waits for the knowledge engine still loading at start-up.
LOADING_WAIT_SECONDS = 60.0
# Wrong passwords per account name before it must wait (in this process).
MAX_FAILURES, FAILURE_WINDOW = 5, 300.0
SECURITY_HEADERS = [
    ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"), ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "no-store"),
]


@dataclass
class Request:
    method: str
    path: str
    query: Dict[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    cookies: Dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: List[Tuple[str, str]] = field(default_factory=list)


def json_response(payload, status: int = HTTPStatus.OK) -> Response:
    return Response(status, json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8"),
                    "application/json; charset=utf-8")


def error(status: int, message: str) -> Response:
    return json_response({"error": message}, status)


def redirect(location: str, headers: Optional[List[Tuple[str, str]]] = None) -> Response:
    return Response(HTTPStatus.SEE_OTHER, b"", headers=[("Location", location)] + (headers or []))


def handoff_view(row: Dict, now: datetime.datetime) -> Dict:
    created = row["created_at"]
    assessment = None
    if row.get("assessment_result_id"):
        assessment = {"reference": f"A{row['assessment_result_id']:06d}", "assessment": row.get("assessment"),
                      "title": (row.get("assessment") or "").replace("_", " ").replace("-", " ").capitalize(),
                      "level": row.get("level"), "overall": row.get("overall"), "scores": row.get("scores")}
    return {"id": row["id"], "reference": f"H{row['id']:06d}", "created_at": created.isoformat(timespec="seconds"),
            "sender_id": row["sender_id"], "channel": row.get("channel"), "language": row.get("language"),
            "contact": row["contact"], "question": row.get("question"), "status": row.get("status") or "new",
            "status_by": row.get("status_by"),
            "status_at": row["status_at"].isoformat(timespec="seconds") if row.get("status_at") else None,
            "note": row.get("note"), "age_hours": round((now - created).total_seconds() / 3600, 1),
            "assessment": assessment}


def _day_start(text: str) -> Optional[float]:
    try:
        day = datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp()


def _days(query: Mapping[str, str], default: int = 30) -> int:
    text = query.get("days", "")
    return min(max(int(text), 1), 366) if text.isdigit() else default


class ConsoleApp:
    def __init__(self, store: Optional[HandoffStore] = None, events: Optional[EventLog] = None,
                 accounts: Optional[Accounts] = None, encode: Optional[Callable] = None, secure_cookies: bool = False,
                 library: Optional[Library] = None):
        self.store = store or HandoffStore.for_url()
        self.events = events or EventLog()
        self.accounts = accounts or Accounts(self.store)
        self.library = library or Library()
        self._encode = encode
        self.secure_cookies = secure_cookies
        self._loading: Optional[threading.Thread] = None
        self._failures: Dict[str, List[float]] = {}
        self._failures_lock = threading.Lock()

    # ---- the way in -------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        try:
            response = self._route(request)
        except SQLAlchemyError:
            logger.exception("Console: a store could not be read or written")
            response = error(HTTPStatus.SERVICE_UNAVAILABLE, "A database of the assistant is not reachable; "
                                                             "try again in a moment.")
        except Exception:  # a full disk, a bug: a clear answer, and the whole story in the log
            logger.exception("Console: %s %s failed", request.method, request.path)
            response = error(HTTPStatus.INTERNAL_SERVER_ERROR, "Something went wrong on the server; its log says "
                                                               "what.")
        response.headers.extend(SECURITY_HEADERS)
        return response

    def _route(self, request: Request) -> Response:
        path, method = request.path.rstrip("/") or "/", request.method
        if path == "/console/signin":
            return self._signin_page(request) if method == "GET" else self._signin(request)
        if path == "/console/static/console.css" and method == "GET":
            return self._file("console.css", "text/css; charset=utf-8")
        session = self.accounts.session(request.cookies.get(SESSION_COOKIE))
        api = path.startswith("/console/api/")
        if session is None:
            return error(HTTPStatus.UNAUTHORIZED, "Sign in first.") if api else redirect("/console/signin")
        if method == "POST" and not self._csrf_ok(request, session):
            return error(HTTPStatus.FORBIDDEN, "The form is stale or came from elsewhere; reload the page.")
        if path == "/console/signout" and method == "POST":
            self.accounts.end_session(request.cookies.get(SESSION_COOKIE))
            return redirect("/console/signin", [("Set-Cookie", self._cookie(SESSION_COOKIE, "", 0))])
        if path == "/console" and method == "GET":
            return self._file("app.html", "text/html; charset=utf-8")
        if path == "/console/static/console.js" and method == "GET":
            return self._file("console.js", "text/javascript; charset=utf-8")
        if api:
            return self._api(method, path[len("/console/api/"):], request, session)
        return error(HTTPStatus.NOT_FOUND, "No such page.")

    def _api(self, method: str, route: str, request: Request, session: Session) -> Response:
        query = request.query
        if method == "GET" and route == "me":
            return json_response({"user": session.account, "role": session.role, "csrf": session.csrf})
        if method == "GET" and route in ("handoffs", "handoffs.csv"):
            return self._handoffs(query, csv=route.endswith(".csv"))
        if method == "POST" and route.startswith("handoffs/") and route[9:].isdigit():
            return self._update_handoff(int(route[9:]), request, session)
        if method == "GET" and route == "conversations":
            return self._conversations(query)
        if method == "GET" and route.startswith("conversations/"):
            return self._transcript(unquote(route[len("conversations/"):]))
        if method == "GET" and route in ("unanswered", "unanswered.csv"):
            return self._unanswered(query, csv=route.endswith(".csv"))
        if method == "GET" and route == "figures":
            return self._figures(query)
        if route == "build" or route.startswith("documents"):
            if not session.may("editor"):
                return error(HTTPStatus.FORBIDDEN, "Only editors manage the knowledge documents.")
            return self._knowledge(method, route, request, session)
        return error(HTTPStatus.NOT_FOUND, "No such API route.")

    # ---- sign-in ----------------------------------------------------------------------------------
    def _cookie(self, name: str, value: str, max_age: Optional[int] = None) -> str:
        parts = [f"{name}={value}", "Path=/console", "HttpOnly", "SameSite=Strict"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if self.secure_cookies:
            parts.append("Secure")
        return "; ".join(parts)

    def _signin_page(self, request: Request, message: str = "", status: int = HTTPStatus.OK) -> Response:
        token = request.cookies.get(SIGNIN_COOKIE) or secrets.token_urlsafe(24)
        alert = f'<p class="signin-error" role="alert">{html.escape(message)}</p>' if message else ""
        page = SIGNIN_PAGE.format(csrf=html.escape(token), alert=alert)
        return Response(status, page.encode("utf-8"), "text/html; charset=utf-8",
                        [("Set-Cookie", self._cookie(SIGNIN_COOKIE, token, 3600))])

    def _signin(self, request: Request) -> Response:
        if request.method != "POST":
            return error(HTTPStatus.METHOD_NOT_ALLOWED, "Use the sign-in form.")
        form = {key: values[0] for key, values in parse_qs(request.body.decode("utf-8", "replace")).items()}
        expected = request.cookies.get(SIGNIN_COOKIE, "")
        if not expected or not secrets.compare_digest(form.get("csrf", ""), expected):
            return self._signin_page(request, "The sign-in form expired; please try again.", HTTPStatus.FORBIDDEN)
        name, password = form.get("name", "").strip(), form.get("password", "")
        if self._locked(name):
            return self._signin_page(request, "Too many failed attempts; wait a few minutes.",
                                     HTTPStatus.TOO_MANY_REQUESTS)
        role = self.accounts.verify(name, password) if name and password else None
        if role is None:
            self._note_failure(name)
            return self._signin_page(request, "Wrong name or password.", HTTPStatus.UNAUTHORIZED)
        token = self.accounts.start_session(name)
        return redirect("/console/", [("Set-Cookie", self._cookie(SESSION_COOKIE, token)),
                                      ("Set-Cookie", self._cookie(SIGNIN_COOKIE, "", 0))])

    def _locked(self, name: str) -> bool:
        with self._failures_lock:
            recent = [t for t in self._failures.get(name, []) if time.monotonic() - t < FAILURE_WINDOW]
            self._failures[name] = recent
            return len(recent) >= MAX_FAILURES

    def _note_failure(self, name: str) -> None:
        with self._failures_lock:
            self._failures.setdefault(name, []).append(time.monotonic())

    @staticmethod
    def _csrf_ok(request: Request, session: Session) -> bool:
        given = request.headers.get("X-CSRF-Token") or ""
        if not given and request.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            given = (parse_qs(request.body.decode("utf-8", "replace")).get("csrf") or [""])[0]
        return bool(given) and secrets.compare_digest(given, session.csrf)

    @staticmethod
    def _file(name: str, content_type: str) -> Response:
        return Response(HTTPStatus.OK, (PAGES / name).read_bytes(), content_type)

    # ---- handoff queue ----------------------------------------------------------------------------
    def _handoffs(self, query: Mapping[str, str], csv: bool) -> Response:
        now = datetime.datetime.now(datetime.timezone.utc)
        rows = self.store.all(status=query.get("status"), language=query.get("language"),
                              channel=query.get("channel"))
        everything = rows if not any(query.get(k) for k in ("status", "language", "channel")) else self.store.all()
        needle = query.get("q", "").casefold().strip()
        if needle:
            rows = [r for r in rows if any(needle in (r.get(k) or "").casefold()
                                           for k in ("question", "contact", "note", "sender_id"))]
        views = [handoff_view(row, now) for row in reversed(rows)]  # newest first
        if csv:
            header = ["reference", "created_at", "status", "status_by", "status_at", "language", "channel",
                      "contact", "question", "note", "assessment", "level", "sender_id"]
            body = to_csv(header, ([v["reference"], v["created_at"], v["status"], v["status_by"], v["status_at"],
                                    v["language"], v["channel"], v["contact"], v["question"], v["note"],
                                    (v["assessment"] or {}).get("reference"), (v["assessment"] or {}).get("level"),
                                    v["sender_id"]] for v in views))
            return _download(body, "handoffs.csv")
        return json_response({"handoffs": views, "statuses": list(HANDOFF_STATUSES),
                              "languages": sorted({r["language"] for r in everything if r.get("language")}),
                              "channels": sorted({r["channel"] for r in everything if r.get("channel")})})

    def _update_handoff(self, number: int, request: Request, session: Session) -> Response:
        try:
            change = json.loads(request.body or b"{}")
        except ValueError:
            return error(HTTPStatus.BAD_REQUEST, "The body must be JSON.")
        if not isinstance(change, dict) or not {"status", "note"} & set(change):
            return error(HTTPStatus.BAD_REQUEST, 'Send {"status": ...} and/or {"note": ...}.')
        status, note = change.get("status"), change.get("note")
        if status is not None and status not in HANDOFF_STATUSES or note is not None and not isinstance(note, str):
            return error(HTTPStatus.BAD_REQUEST, f"status is one of {', '.join(HANDOFF_STATUSES)}; note is text.")
        row = self.store.set_status(number, by=session.account, status=status, note=note)
        if row is None:
            return error(HTTPStatus.NOT_FOUND, f"No request H{number:06d}.")
        return json_response(handoff_view(row, datetime.datetime.now(datetime.timezone.utc)))

    # ---- conversations ----------------------------------------------------------------------------
    def _conversations(self, query: Mapping[str, str]) -> Response:
        since, until = _day_start(query.get("from", "")), _day_start(query.get("to", ""))
        until = until + DAY if until is not None else None
        found = conv.conversations(self.events.read(since=since, until=until))
        chosen = [c for c in found.values() if conv.matches(
            c, since, until, query.get("language", ""), query.get("channel", ""), query.get("intent", ""),
            query.get("q", ""))]
        chosen.sort(key=lambda c: c.last_at, reverse=True)
        return json_response({"conversations": [c.summary() for c in chosen[:500]], **conv.facets(found.values())})

    def _transcript(self, sender_id: str) -> Response:
        events = self.events.read(sender_id=sender_id)
        if not events:
            return error(HTTPStatus.NOT_FOUND, "No such conversation.")
        found = conv.conversations(events)[sender_id]
        return json_response({
            "sender_id": sender_id, "language": found.language, "channel": found.channel,
            "turns": conv.transcript(events, self.store.feedback(sender_id=sender_id)),
            "handoffs": [f"H{row['id']:06d}" for row in self.store.all(sender_id=sender_id)],
            "assessments": [f"A{row['id']:06d}" for row in self.store.assessments(sender_id)]})

    # ---- what we cannot answer yet ----------------------------------------------------------------
    def start_loading_knowledge(self) -> None:
        """Load the knowledge engine (its encoder groups unanswered questions) beside serving, at start-up."""
        self._loading = threading.Thread(target=service.load, name="load-knowledge", daemon=True)
        self._loading.start()

    def encode(self, texts: List[str]):
        """Query embeddings from the knowledge engine's encoder (the process's one, loaded at start-up)."""
        if self._encode is not None:
            return self._encode(texts)
        if self._loading is not None:
            self._loading.join(timeout=LOADING_WAIT_SECONDS)  # asked just after start-up: worth the wait
        return service.searcher().encoder.encode_queries(texts)

    def _unanswered(self, query: Mapping[str, str], csv: bool) -> Response:
        since = time.time() - _days(query) * DAY
        questions = [q for c in conv.conversations(self.events.read(since=since)).values() for q in c.questions]
        since_moment = datetime.datetime.fromtimestamp(since, datetime.timezone.utc)
        everything = unanswered.items(questions, self.store.feedback(since=since_moment))
        chosen = unanswered.filtered(everything, query.get("language", ""), query.get("topic", ""),
                                     query.get("reason", ""))
        try:
            groups, grouped_by = unanswered.group(chosen, self.encode), "meaning"
        except KnowledgeUnavailable:  # the index is missing or still loading: group the same words at least
            groups, grouped_by = unanswered.group(chosen, unanswered.by_text), "text"
        groups = [g.as_dict() for g in groups]
        if csv:
            header = ["count", "label", "languages", "topics", "no_answer", "low_confidence", "thumbs_down",
                      "examples"]
            body = to_csv(header, ([g["count"], g["label"], join(g["languages"]), join(g["topics"]),
                                    *g["reasons"].values(), " | ".join(e["text"] for e in g["examples"])]
                                   for g in groups))
            return _download(body, "unanswered.csv")
        return json_response({"groups": groups, "grouped_by": grouped_by, "reasons": list(unanswered.REASONS),
                              "languages": sorted({i.language for i in everything if i.language}),
                              "topics": sorted({i.topic for i in everything})})

    # ---- figures ----------------------------------------------------------------------------------
    def _figures(self, query: Mapping[str, str]) -> Response:
        now = datetime.datetime.now(datetime.timezone.utc)
        today = datetime.datetime(now.year, now.month, now.day, tzinfo=datetime.timezone.utc).timestamp()
        since = today - (_days(query) - 1) * DAY
        found = conv.conversations(self.events.read(since=since)).values()
        since_moment = datetime.datetime.fromtimestamp(since, datetime.timezone.utc)
        return json_response(figures(found, self.store.feedback(since=since_moment), self.store.all(), since, now))


    # ---- knowledge (editors) ----------------------------------------------------------------------
    def _knowledge(self, method: str, route: str, request: Request, session: Session) -> Response:
        if method == "GET" and route == "build":
            return json_response(self.library.status())
        if method == "GET" and route == "documents":
            return json_response({"documents": self.library.documents(), "build": self.library.status()})
        if method == "POST" and route == "documents":
            query = request.query
            try:
                source_id = self.library.upload(query.get("filename", ""), request.body, query.get("title", ""),
                                                query.get("topic", ""), query.get("language", ""),
                                                query.get("url", ""), by=session.account)
            except UploadError as problem:
                return error(HTTPStatus.BAD_REQUEST, str(problem))
            logger.info("Console: %s uploaded %s (%d bytes)", session.account, source_id, len(request.body))
            return json_response({"source_id": source_id, "build": self.library.status()}, HTTPStatus.ACCEPTED)
        removal = re.fullmatch(r"documents/([^/]+)/remove", route)
        if method == "POST" and removal:
            if not self.library.remove(removal.group(1)):
                return error(HTTPStatus.NOT_FOUND, "Only uploaded documents can be removed here.")
            logger.info("Console: %s removed %s", session.account, removal.group(1))
            return json_response({"build": self.library.status()}, HTTPStatus.ACCEPTED)
        return error(HTTPStatus.NOT_FOUND, "No such API route.")


def _download(body: bytes, name: str) -> Response:
    return Response(HTTPStatus.OK, body, "text/csv; charset=utf-8",
                    [("Content-Disposition", f"attachment; filename=\"{quote(name)}\"")])


SIGNIN_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in — APEC MSME assistant staff console</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/console/static/console.css">
</head>
<body class="signin">
  <main id="main" class="signin-box">
    <h1>Staff console</h1>
    <p>APEC MSME assistant: handoff queue, conversations and the questions we cannot answer yet.</p>
    {alert}
    <form method="post" action="/console/signin" id="signin-form">
      <input type="hidden" name="csrf" value="{csrf}">
      <label for="name">Name</label>
      <input id="name" name="name" autocomplete="username" required autofocus>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
    <p class="muted">No account? An administrator creates one with <code>python -m console add-user</code>.</p>
  </main>
</body>
</html>
"""
