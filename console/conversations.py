"""Conversations read from tracker events: summaries to search, transcripts to read, and the
questions asked with what became of each (answered, answered with low confidence, no answer).

An answer from the library is a bot message whose payload carries citations (and the
outcome actions/answer_question.py gives it); "no good answer" is the bot message of
utter_no_answer or utter_out_of_scope (Rasa notes the response in the event's metadata).
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

NO_ANSWER_RESPONSES = {"utter_no_answer", "utter_out_of_scope"}
TOPIC_OF_INTENT = {"finance_access": "finance", "digital_transformation": "digital",
                   "export_readiness": "export", "apec_cooperation": "apec"}
# Of these, "answered" counts as answered; the other two are listed for the editors.
OUTCOMES = ("answered", "low_confidence", "no_answer")


def iso(timestamp: Optional[float]) -> Optional[str]:
    if timestamp is None:
        return None
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).isoformat(timespec="seconds")


def _intent(event: Dict[str, Any]) -> Dict[str, Any]:
    return ((event.get("parse_data") or {}).get("intent") or {})


def bot_outcome(event: Dict[str, Any]) -> Optional[str]:
    """What a bot message says of the question before it: an outcome, or None (not an answer)."""
    custom = (event.get("data") or {}).get("custom")
    if isinstance(custom, dict) and custom.get("citations"):
        return custom.get("outcome") if custom.get("outcome") in OUTCOMES else "answered"
    if (event.get("metadata") or {}).get("utter_action") in NO_ANSWER_RESPONSES:
        return "no_answer"
    return None


@dataclass
class Question:
    sender_id: str
    at: float
    text: str
    intent: Optional[str]
    channel: Optional[str]
    language: Optional[str] = None
    outcome: Optional[str] = None  # None: the message was not a question (a greeting, a button, a reply)
    citations: List[dict] = field(default_factory=list)

    @property
    def topic(self) -> str:
        return TOPIC_OF_INTENT.get(self.intent or "", "other")


@dataclass
class Conversation:
    sender_id: str
    started_at: float
    last_at: float
    language: Optional[str] = None
    channel: Optional[str] = None
    messages: int = 0  # the user's
    intents: List[str] = field(default_factory=list)
    texts: List[str] = field(default_factory=list)
    questions: List[Question] = field(default_factory=list)

    def summary(self) -> Dict[str, Any]:
        first = next((q.text for q in self.questions if q.outcome), None) or next(iter(self.texts), None)
        return {"sender_id": self.sender_id, "started_at": iso(self.started_at), "last_at": iso(self.last_at),
                "language": self.language, "channel": self.channel, "messages": self.messages,
                "intents": self.intents, "first_question": first}


def conversations(events: Iterable[Dict[str, Any]]) -> Dict[str, Conversation]:
    """Every conversation in ``events`` (oldest event first), by sender id."""
    found: Dict[str, Conversation] = {}
    pending: Dict[str, Question] = {}  # each conversation's latest user message, until a bot message tells its fate
    for event in events:
        sender, kind, at = event.get("sender_id"), event.get("event"), event.get("timestamp") or 0.0
        conversation = found.get(sender)
        if conversation is None:
            conversation = found[sender] = Conversation(sender_id=sender, started_at=at, last_at=at)
        conversation.last_at = max(conversation.last_at, at)
        if kind == "slot" and event.get("name") == "language" and event.get("value"):
            conversation.language = event["value"]
        elif kind == "user":
            text = event.get("text") or ""
            intent = _intent(event).get("name")
            conversation.messages += 1
            conversation.channel = event.get("input_channel") or conversation.channel
            if intent and intent not in conversation.intents:
                conversation.intents.append(intent)
            if not text.startswith("/"):
                conversation.texts.append(text)
            question = Question(sender_id=sender, at=at, text=text, intent=intent, channel=conversation.channel)
            pending[sender] = question
            conversation.questions.append(question)
        elif kind == "bot" and sender in pending:
            outcome = bot_outcome(event)
            if outcome:
                question = pending.pop(sender)
                question.outcome, question.language = outcome, conversation.language
                question.citations = ((event.get("data") or {}).get("custom") or {}).get("citations") or []
    for conversation in found.values():
        conversation.questions = [q for q in conversation.questions if q.outcome and not q.text.startswith("/")]
    return found


def matches(conversation: Conversation, since: Optional[float] = None, until: Optional[float] = None,
            language: str = "", channel: str = "", intent: str = "", text: str = "") -> bool:
    """Whether a conversation passes the console's filters (empty ones pass everything)."""
    if since is not None and conversation.last_at < since or until is not None and conversation.started_at >= until:
        return False
    if language and conversation.language != language or channel and conversation.channel != channel:
        return False
    if intent and intent not in conversation.intents:
        return False
    needle = text.casefold().strip()
    return not needle or any(needle in message.casefold() for message in conversation.texts)


def transcript(events: Iterable[Dict[str, Any]], feedback: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One conversation's turns, each bot answer with its citations, outcome and the user's rating of it."""
    # A rating names its answer by the bot event's timestamp (several messages of one action share
    # nearly the same one: only an answer with citations can be the rated one).
    ratings = {round(row["answer_at"], 6): row for row in feedback if row.get("answer_at") is not None}
    turns = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            intent = _intent(event)
            turns.append({"who": "user", "at": iso(event.get("timestamp")), "text": event.get("text") or "",
                          "intent": intent.get("name"), "confidence": intent.get("confidence")})
        elif kind == "bot":
            data = event.get("data") or {}
            custom = data.get("custom") if isinstance(data.get("custom"), dict) else {}
            rating = ratings.get(round(event.get("timestamp") or 0.0, 6)) if custom.get("citations") else None
            turns.append({
                "who": "bot", "at": iso(event.get("timestamp")), "text": event.get("text") or "",
                "citations": [{"title": c.get("title"), "url": c.get("url")} for c in custom.get("citations") or []],
                "buttons": [b.get("title") for b in data.get("buttons") or [] if isinstance(b, dict)],
                "outcome": bot_outcome(event),
                "feedback": {"helpful": bool(rating["helpful"]), "comment": rating.get("comment")} if rating else None,
            })
    return turns


def facets(found: Iterable[Conversation]) -> Dict[str, List[str]]:
    """The languages, channels and intents seen: the choices of the console's filters."""
    values = defaultdict(set)
    for conversation in found:
        values["languages"].add(conversation.language)
        values["channels"].add(conversation.channel)
        values["intents"].update(conversation.intents)
    return {key: sorted(v for v in values[key] if v) for key in ("languages", "channels", "intents")}
