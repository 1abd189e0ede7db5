"""action_assessment_result: score a finished self-assessment, tell the user, store the result.

The summary, in the user's language: the overall level, a level per dimension,
then the three weakest dimensions, each with its next step and the library
guide that covers it (a link to our guide page, as answers cite theirs), and
an offer of a human advisor. Channels that draw rich content get the scores
as a payload too ({"assessment_result": ...}: the web chat shows bars). The
result goes to the same database as handoff requests (actions/handoff_store.py);
its reference stays in the conversation, so an advisor handoff asked for next
carries it. When the database cannot be written the user still gets the result,
and the whole result goes to the error log.
"""
import asyncio
import json
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.assessment_form import answers_of, language_of, running, with_answers
from actions.handoff_store import HandoffStore
from knowledge.assessments import Assessment, Result, score
from knowledge.config import public_base_url
from knowledge.guides import GuideNotFound, load_guide

logger = logging.getLogger(__name__)


def percent(share: float) -> int:
    return round(share * 100)


def guide_link(article: str, language: str) -> Dict[str, str]:
    """Our guide page for the article, in the user's language (English when it has no translation)."""
    try:
        guide = load_guide(article, language)
    except GuideNotFound:
        return {"title": article, "url": f"{public_base_url()}/guides/{article}/{language}"}
    return {"title": guide.title, "url": f"{public_base_url()}/guides/{article}/{guide.language}"}


def result_payload(assessment: Assessment, result: Result, language: str) -> Dict[str, Any]:
    """What a rich channel draws: every dimension answered with its share and level, the weakest with
    their next step and guide."""
    dimensions = []
    for dimension in assessment.dimensions:
        if dimension.id not in result.dimensions:
            continue
        share = result.dimensions[dimension.id]
        dimensions.append({"id": dimension.id, "name": dimension.name[language], "score": round(share, 3),
                           "level": assessment.level(share).name[language]})
    weakest = []
    for dimension_id in result.weakest:
        dimension = assessment.dimension(dimension_id)
        weakest.append({"id": dimension_id, "name": dimension.name[language],
                        "next_step": dimension.next_step[language], "guide": guide_link(dimension.article, language)})
    return {"assessment": assessment.id, "title": assessment.title[language], "overall": round(result.overall, 3),
            "level": assessment.level(result.overall).name[language], "dimensions": dimensions, "weakest": weakest}


def summary_lines(payload: Dict[str, Any]) -> Dict[str, str]:
    """The text parts of utter_assessment_result (the sentences around them are in locales/)."""
    dimensions = "\n".join(f"• {d['name']}: {d['level']} ({percent(d['score'])}%)" for d in payload["dimensions"])
    next_steps = "\n".join(f"{number}. {w['name']}: {w['next_step']}\n   → {w['guide']['title']}: {w['guide']['url']}"
                           for number, w in enumerate(payload["weakest"], 1))
    return {"title": payload["title"], "overall": f"{payload['level']} ({percent(payload['overall'])}%)",
            "dimensions": dimensions, "next_steps": next_steps}


class ActionAssessmentResult(Action):
    def name(self) -> Text:
        return "action_assessment_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        assessment = running(tracker)
        reset = [SlotSet("assessment", None), SlotSet("assessment_reply", None)]
        if assessment is None:
            dispatcher.utter_message(response="utter_assessment_unavailable")
            return reset
        answers = answers_of(tracker, assessment)
        result = score(assessment, answers)
        payload = result_payload(assessment, result, language)
        dispatcher.utter_message(response="utter_assessment_result", **summary_lines(payload),
                                 json_message={"assessment_result": payload, "language": language})
        reference = await self.store(tracker, assessment, answers, payload, language)
        events = reset + [SlotSet("assessment_answers", with_answers(tracker, assessment, None))]
        if reference:
            events.append(SlotSet("assessment_result_id", reference))
        return events

    @staticmethod
    async def store(tracker: Tracker, assessment: Assessment, answers: Dict[str, int], payload: Dict[str, Any],
                    language: str) -> Optional[str]:
        record = dict(sender_id=tracker.sender_id, channel=tracker.get_latest_input_channel(), language=language,
                      assessment=assessment.id,
                      answers={question: index + 1 for question, index in answers.items()},
                      scores={d["id"]: d["score"] for d in payload["dimensions"]},
                      overall=payload["overall"], level=payload["level"])
        try:
            # Off the event loop: a database round trip must not hold up other conversations.
            return await asyncio.to_thread(HandoffStore.for_url().record_assessment, **record)
        except (SQLAlchemyError, OSError) as error:
            logger.error("Could not store a self-assessment result (%s); record it by hand: %s",
                         error, json.dumps(record, ensure_ascii=False))
            return None
