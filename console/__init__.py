"""The support team's console (/console on the chat page's server): the handoff queue, conversations,
the questions we cannot answer yet, figures, and (editors) the knowledge documents.

It reads the stores the assistant writes: Rasa's tracker store (console/events.py) and the
assistant's own tables (actions/handoff_store.py). Staff sign in (console/accounts.py);
console/web.py is the HTTP layer scripts/serve_web.py hands /console requests to.
"""
