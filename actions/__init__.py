"""Custom actions, one module per concern:

    answer_question.py    answer from the knowledge engine (the router's hits, or a search of its own)
    language.py           confirm a language switch, or ask which language
    economy.py            the user's economy and the institutions it has for a kind of question
    handoff.py            collect a contact and record a request for a human advisor
    handoff_store.py      handoff requests and self-assessment results in SQLite or PostgreSQL
    assessment_form.py    run a self-assessment as a form: which check, one question at a time
    assessment_result.py  score a finished self-assessment, summarise it, store it

The knowledge engine (knowledge/service.py) is loaded once, when the action server starts.
"""
