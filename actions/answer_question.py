"""action_answer_question: answer topic questions (and unclear ones) from the knowledge engine."""
import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from .answers import compose_answer
from .knowledge_service import KnowledgeUnavailable, service

logger = logging.getLogger(__name__)

TOPIC_OF_INTENT = {
    "finance_access": "finance", "digital_transformation": "digital", "export_readiness": "export",
}

# Load the encoder and index now, when the action server starts, not on the first question.
service.load()


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
        try:
            result = service.search(text, language=language, k=3)
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        if not result.hits:
            logger.info("No good answer (best score %s) for: %s", result.best_score, text[:200])
            dispatcher.utter_message(response="utter_out_of_scope" if intent == "out_of_scope" else "utter_no_answer")
            return []
        answer = compose_answer(result.hits, language)
        dispatcher.utter_message(response=answer.response, answer=answer.text, sources=answer.sources,
                                 json_message=answer.payload)
        return []
