"""action_answer_question: answer topic questions (and unclear ones) from the knowledge engine.

The knowledge router (components/knowledge_router.py) has already searched, in
the Rasa process, with the message's embedding: its hits come in the parse
data, and the answer is composed from them. Only when they are missing or from
another build of the index (it was rebuilt in between) does the action search
itself, in a worker thread so that the action server's event loop keeps serving.
When the conversation's economy is known (actions/economy.py), an answer whose
guide sends the reader to a kind of institution is followed by that
economy's own institutions, which the answer's payload also carries, and so
is a question that asks which office to go to, even one no guide answers;
while it is unknown, such an answer asks once which economy the user is in.
"""
import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.economy import (
    conversation_economy,
    institutions_for,
    needs_economy,
    payload,
    point_to_institutions,
    roles_for,
)
from actions.feedback import ask_for_feedback, keep_followup
from knowledge.answer import FULL_BUDGET, SHORT_BUDGET, Answer, compose, outcome
from knowledge.search import SearchResult
from knowledge.service import KnowledgeUnavailable, service

logger = logging.getLogger(__name__)

TOPIC_OF_INTENT = {
    "finance_access": "finance", "digital_transformation": "digital", "export_readiness": "export",
}
# Messaging apps show long messages badly: their answers are shorter, the guide link has the rest.
MESSAGING_CHANNELS = {"telegram", "whatsapp", "slack"}

# Load the encoder and index now, when the action server starts, not on the first question;
# and watch for a rebuilt index (an upload in the staff console).
service.load()
service.watch()


def evidence_result(tracker: Tracker, text: str, language: str) -> Optional[SearchResult]:
    """The router's search result for the latest message, when it searched this very index."""
    evidence = (tracker.latest_message or {}).get("knowledge")
    if not isinstance(evidence, dict) or evidence.get("language") != language:
        return None
    searcher = service.searcher()
    if evidence.get("index") != searcher.index_id:
        return None
    try:
        return searcher.result_from(text, language, evidence)
    except (KeyError, IndexError, TypeError, ValueError):
        logger.warning("Unusable knowledge evidence in the parse data; searching again")
        return None


def response_for(answer: Answer) -> str:
    if answer.kind == "statement":
        return "utter_answer_statement"
    return "utter_answer_from_english" if answer.from_english_only else "utter_answer"


class ActionAnswerQuestion(Action):
    def name(self) -> Text:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        language = tracker.get_slot("language") or "en"
        message = tracker.latest_message or {}
        text = (message.get("text") or "").strip()
        intent = (message.get("intent") or {}).get("name")

        if not text or text.startswith("/"):  # a topic button, not a question: suggest questions
            topic = TOPIC_OF_INTENT.get(intent)
            dispatcher.utter_message(response=f"utter_topic_{topic}" if topic else "utter_help")
            return []
        await keep_followup(dispatcher, tracker, text)
        try:
            result = evidence_result(tracker, text, language)
            if result is None:
                result = await asyncio.get_running_loop().run_in_executor(
                    None, lambda: service.search(text, language=language, k=5))
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        budget = SHORT_BUDGET if tracker.get_latest_input_channel() in MESSAGING_CHANNELS else FULL_BUDGET
        answer = compose(result, language, budget=budget)
        economy, events = conversation_economy(tracker)
        roles = roles_for(answer.citations[0]["source_id"] if answer else None, text)
        institutions = institutions_for(roles, economy)
        if roles:
            events.append(SlotSet("last_roles", roles))
        if answer is None:
            logger.info("No good answer (best score %s) for: %s", result.best_score, text[:200])
            if not institutions:  # a question that names a kind of office still gets it, below
                dispatcher.utter_message(
                    response="utter_out_of_scope" if intent == "out_of_scope" else "utter_no_answer")
        else:
            message = answer.payload()
            message["outcome"] = outcome(result)  # the staff console lists low-confidence answers
            if institutions:
                message["institutions"] = payload(institutions, economy)
            dispatcher.utter_message(response=response_for(answer), answer=answer.body,
                                     source=answer.source_label, guide_url=answer.url, json_message=message)
        if institutions:
            point_to_institutions(dispatcher, institutions, economy, language)
        elif needs_economy(roles, economy, tracker):
            dispatcher.utter_message(response="utter_ask_economy")
            events.append(SlotSet("economy_asked", True))
            return events  # one question at a time: the economy's, not also "was this helpful?"
        if answer is not None:
            ask_for_feedback(dispatcher, tracker)
        return events
