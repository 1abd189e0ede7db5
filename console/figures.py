"""The console's figures: conversations, messages, answered rate, feedback rate and 👍 share,
handoffs and their age; in all, per day, per language and per channel."""
import datetime
from collections import defaultdict
from typing import Dict, Iterable, List, Optional

from console.conversations import Conversation

COUNTERS = ("conversations", "messages", "questions", "answered", "feedback", "helpful", "handoffs")


def _day(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).date().isoformat()


def _share(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 3) if whole else None


def figures(found: Iterable[Conversation], feedback: Iterable[Dict], handoffs: Iterable[Dict],
            since: float, now: Optional[datetime.datetime] = None) -> Dict:
    now = now or datetime.datetime.now(datetime.timezone.utc)
    per = {"day": defaultdict(lambda: dict.fromkeys(COUNTERS, 0)),
           "language": defaultdict(lambda: dict.fromkeys(COUNTERS, 0)),
           "channel": defaultdict(lambda: dict.fromkeys(COUNTERS, 0))}

    def add(counter: str, timestamp: float, language: Optional[str], channel: Optional[str], amount: int = 1):
        if timestamp < since:
            return
        per["day"][_day(timestamp)][counter] += amount
        per["language"][language or "unknown"][counter] += amount
        per["channel"][channel or "unknown"][counter] += amount

    by_sender = {}
    for conversation in found:
        by_sender[conversation.sender_id] = conversation
        add("conversations", conversation.started_at, conversation.language, conversation.channel)
        add("messages", conversation.last_at, conversation.language, conversation.channel, conversation.messages)
        for question in conversation.questions:
            add("questions", question.at, question.language, question.channel)
            if question.outcome != "no_answer":
                add("answered", question.at, question.language, question.channel)
    for row in feedback:
        at = row["created_at"].timestamp()
        add("feedback", at, row.get("language"), row.get("channel"))
        if row.get("helpful"):
            add("helpful", at, row.get("language"), row.get("channel"))
    open_ages = []
    for row in handoffs:
        created = row["created_at"]
        add("handoffs", created.timestamp(), row.get("language"), row.get("channel"))
        if row.get("status", "new") != "closed":
            open_ages.append((now - created).total_seconds() / 3600)

    totals = dict.fromkeys(COUNTERS, 0)
    for counts in per["day"].values():
        for counter in COUNTERS:
            totals[counter] += counts[counter]
    totals.update(answered_rate=_share(totals["answered"], totals["questions"]),
                  feedback_rate=_share(totals["feedback"], totals["answered"]),
                  helpful_share=_share(totals["helpful"], totals["feedback"]),
                  open_handoffs=len(open_ages), oldest_open_hours=round(max(open_ages), 1) if open_ages else None)
    first_day = datetime.datetime.fromtimestamp(since, datetime.timezone.utc).date()
    days: List[Dict] = []
    day = first_day
    while day <= now.date():  # every day in the window, quiet ones too, so the charts keep their time axis
        days.append({"date": day.isoformat(), **per["day"].get(day.isoformat(), dict.fromkeys(COUNTERS, 0))})
        day += datetime.timedelta(days=1)
    return {"totals": totals, "per_day": days,
            "per_language": [{"key": key, **counts} for key, counts in sorted(per["language"].items())],
            "per_channel": [{"key": key, **counts} for key, counts in sorted(per["channel"].items())]}
