"""Run a self-assessment in chat as a Rasa form: which check, then one question at a time.

The form (domain.yml, assessment_form) has two slots: `assessment`, the check
being run, and `assessment_reply`, the reply to the current question. Each
valid reply is stored in `assessment_answers` and the reply slot emptied, so
the form asks again, and the ask action shows the next unanswered question:
the questions come from the data files (knowledge/assessments/), not from
slots of their own. The form ends when every question is answered
(action_assessment_result then scores it). Answers live in the tracker, so a
check that was stopped, interrupted or left during a restart goes on where it
was. A stop, a topic question or a request for an advisor is not a reply
(the slot's `not_intent`): the form steps aside and the rules in
data/rules.yml take over, unless the message names an option as well ("no, we
don't export yet"), which this validation action reads first.
"""
import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from knowledge.assessments import Assessment, ReplyMatcher, load_assessments, named_assessment, next_question
from knowledge.service import KnowledgeUnavailable, service

logger = logging.getLogger(__name__)

# Loaded once when the action server starts; a file with problems is left out (and logged).
ASSESSMENTS, _problems = load_assessments()
for _problem in _problems:
    logger.error("Self-assessment data: %s", _problem)



def _encoder():
    """The knowledge engine's encoder (loaded once, shared); None while it is unavailable: replies are then
    matched by their words only."""
    try:
        return service.searcher().encoder
    except KnowledgeUnavailable:
        return None


MATCHER = ReplyMatcher(_encoder)
QUESTION_INTENTS = {"finance_access", "digital_transformation", "export_readiness", "apec_cooperation"}
# Messages the reply slot's mapping leaves to the rules (domain.yml): they count as a reply only when they
# name an option in its own words; read by meaning, a question ("where do I get a certificate of origin?")
# would too often land near some option.
NOT_A_REPLY = QUESTION_INTENTS | {"stop", "human_handoff", "feedback"}


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "en"


def running(tracker: Tracker) -> Optional[Assessment]:
    return ASSESSMENTS.get(tracker.get_slot("assessment") or "")


def answers_of(tracker: Tracker, assessment: Assessment) -> Dict[str, int]:
    """This assessment's answers so far (question id -> option index), a copy."""
    kept = tracker.get_slot("assessment_answers")
    own = kept.get(assessment.id) if isinstance(kept, dict) else None
    return dict(own) if isinstance(own, dict) else {}


def with_answers(tracker: Tracker, assessment: Assessment, answers: Optional[Dict[str, int]]) -> Dict[str, Any]:
    """The `assessment_answers` slot with this assessment's answers replaced (or removed, when None)."""
    kept = tracker.get_slot("assessment_answers")
    kept = dict(kept) if isinstance(kept, dict) else {}
    if answers is None:
        kept.pop(assessment.id, None)
    else:
        kept[assessment.id] = answers
    return kept


def latest_intent(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def option_buttons(question, language: str) -> List[Dict[str, str]]:
    """One button per option; its payload is the option's own text, which the matcher reads like a typed reply
    (and which reads well in a transcript)."""
    return [{"title": option.text[language], "payload": option.text[language]} for option in question.options]


class ValidateAssessmentForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_assessment_form"

    async def extract_assessment(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        """The check the request names ("am I ready to export?"): read on a request, never from a reply to a
        question ("we export to Japan" answers a question, it does not switch checks)."""
        if latest_intent(tracker) != "self_assessment" and tracker.get_slot("requested_slot") != "assessment":
            return {}
        named = named_assessment(ASSESSMENTS, (tracker.latest_message or {}).get("text") or "")
        return {"assessment": named} if named else {}

    def validate_assessment(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        if value not in ASSESSMENTS:
            return {"assessment": None}  # asked for with buttons (utter_ask_assessment)
        return {"assessment": value}

    async def extract_assessment_reply(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> Dict[Text, Any]:
        """A reply that names an option counts whatever its intent ("no, we don't export yet" may read as a
        topic question), so the form does not step aside for it."""
        assessment = running(tracker)
        if tracker.get_slot("requested_slot") != "assessment_reply" or assessment is None:
            return {}
        question = next_question(assessment, answers_of(tracker, assessment))
        text = (tracker.latest_message or {}).get("text") or ""
        if question is None or (await self.match(question, text, tracker))[0] is None:
            return {}
        return {"assessment_reply": text}

    @staticmethod
    async def match(question, text: str, tracker: Tracker):
        # Off the event loop: matching by meaning runs the encoder.
        return await asyncio.to_thread(MATCHER.match, question, text, language_of(tracker),
                                       latest_intent(tracker) not in NOT_A_REPLY)

    async def validate_assessment_reply(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> Dict[Text, Any]:
        assessment = running(tracker)
        if assessment is None:
            return {"assessment_reply": None}
        answers = answers_of(tracker, assessment)
        question = next_question(assessment, answers)
        language = language_of(tracker)
        chosen, by_meaning = await self.match(question, str(value), tracker) if question else (None, False)
        if chosen is None:
            dispatcher.utter_message(response="utter_assessment_invalid")
            return {"assessment_reply": None}  # the question again, with its options
        if by_meaning:  # say what was understood, so a wrong reading shows
            dispatcher.utter_message(text=f"✓ {question.options[chosen].text[language]}",
                                     json_message={"language": language})
        answers[question.id] = chosen
        done = next_question(assessment, answers) is None
        # Filled only after the last question: the form then ends; before, emptied, so it asks the next one.
        return {"assessment_reply": str(value) if done else None,
                "assessment_answers": with_answers(tracker, assessment, answers)}


class ActionAskAssessmentReply(Action):
    """Show the next unanswered question with its options: after an introduction when the check starts,
    "welcome back" when it goes on after a stop or a restart, "back to the check" after a question."""

    def name(self) -> Text:
        return "action_ask_assessment_reply"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        assessment = running(tracker)
        if assessment is None:
            dispatcher.utter_message(response="utter_assessment_unavailable")
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        answers = answers_of(tracker, assessment)
        question = next_question(assessment, answers)
        if question is None:  # every question answered: the form ends on this reply, nothing to ask
            return []
        title, total = assessment.title[language], len(assessment.questions)
        intent = latest_intent(tracker)
        if intent == "self_assessment":
            if answers:
                dispatcher.utter_message(response="utter_assessment_resumed", title=title,
                                         answered=len(answers), total=total)
            else:
                dispatcher.utter_message(text=assessment.intro[language], json_message={"language": language})
        elif intent in QUESTION_INTENTS:
            dispatcher.utter_message(response="utter_assessment_back", title=title)
        # The payload's language lets the web chat mark the message's language, as for answers.
        dispatcher.utter_message(text=f"{len(answers) + 1}/{total}. {question.text[language]}",
                                 buttons=option_buttons(question, language), json_message={"language": language})
        return []


class ActionStopAssessment(Action):
    """Stop the check when the user asks; the answers so far stay in the conversation for later."""

    def name(self) -> Text:
        return "action_stop_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        assessment = running(tracker)
        if assessment is not None:
            dispatcher.utter_message(response="utter_assessment_stopped", title=assessment.title[language_of(tracker)])
        else:
            dispatcher.utter_message(response="utter_deny_ack")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("assessment", None),
                SlotSet("assessment_reply", None)]
