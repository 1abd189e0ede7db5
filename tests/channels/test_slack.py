import asyncio

from channels.settings import DisabledChannel
from channels.slack import SlackInput, SlackOutput, mrkdwn_escape


def test_secrets_come_from_the_environment_and_other_options_from_credentials(monkeypatch):
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-env")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "env-secret")
    channel = SlackInput.from_credentials({"use_threads": True, "slack_token": "xoxb-from-yml",
                                           "slack_signing_secret": "from-yml"})
    assert (channel.slack_token, channel.slack_signing_secret, channel.use_threads) == ("xoxb-env", "env-secret", True)
    assert channel.retry_reason_header == "x-slack-retry-reason"


def test_without_its_variables_slack_is_disabled(monkeypatch):
    monkeypatch.delenv("SLACK_TOKEN", raising=False)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    assert isinstance(SlackInput.from_credentials({"use_threads": True}), DisabledChannel)


def test_a_reply_is_escaped_mrkdwn_blocks_with_citations_and_buttons(monkeypatch):
    posted = []
    output = SlackOutput("xoxb-t", None, None, None, "https://slack.example/api/")
    output.max_text = 100

    async def post_message(channel, **kwargs):
        posted.append((channel, kwargs))

    monkeypatch.setattr(output, "_post_message", post_message)
    text = "Use <b> & compare offers. " * 6
    asyncio.run(output.send_response("D1", {
        "text": text, "buttons": [{"title": "Finance", "payload": "/finance_access"}],
        "custom": {"citations": [{"title": "Loans", "url": "https://example.org/l"}], "language": "en"}}))
    [(channel, message)] = posted
    sections = [block["text"]["text"] for block in message["blocks"] if block["type"] == "section"]
    assert channel == "D1" and message["text"] == sections[0]
    assert all(len(section) <= 100 for section in sections) and "<b>" not in "".join(sections)
    assert " ".join(sections).split() == mrkdwn_escape(f"{text}\n\nSource: Loans https://example.org/l").split()
    assert message["blocks"][-1] == {"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "Finance"}, "value": "/finance_access"}]}
