"""Custom actions, one module per concern:

    answer_question.py    answer from the knowledge engine (the router's hits, or a search of its own)
    language.py           confirm a language switch, or ask which language
    handoff.py            collect a contact and record a request for a human advisor

The knowledge engine (knowledge/service.py) is loaded once, when the action server starts.
"""
