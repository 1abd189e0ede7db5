"""Custom actions, one module per concern:

    answer_question.py    search the knowledge engine and reply with cited passages
    answers.py            turn search hits into a reply text, a Source line and a citation payload
    knowledge_service.py  the searcher, loaded once at start-up
    language.py           keep the `language` slot right, and switching language
    handoff.py            collect a contact and record a request for a human advisor
"""
