"""The whole assistant over REST: NLU, dialogue, custom actions and retrieval, in real servers."""
import pytest

from tests.e2e.servers import RASA_API_TOKEN, http

pytestmark = pytest.mark.e2e


def texts(messages):
    return "\n".join(message.get("text", "") for message in messages)


def citations(messages):
    return [citation for message in messages for citation in (message.get("custom") or {}).get("citations", [])]


def test_english_topic_question_gets_a_cited_answer(assistant):
    question = "What documents does a bank usually ask for in a small business loan application?"
    replies = assistant.say("rest-en", question)
    assert "Source:" in texts(replies)
    cited = citations(replies)
    assert cited and all(c["url"].startswith("http") and c["source_id"] and c["title"] for c in cited)
    assert next(r for r in replies if r.get("custom"))["custom"]["language"] == "en"
    assert assistant.slots("rest-en")["language"] == "en"


def test_spanish_question_is_answered_in_spanish_and_short_replies_keep_the_language(assistant):
    question = "¿Cómo puedo conseguir un crédito para mi pequeña empresa si no tengo garantías?"
    replies = assistant.say("rest-es", question)
    assert "Fuente:" in texts(replies)
    assert citations(replies)
    assert assistant.slots("rest-es")["language"] == "es"
    assistant.say("rest-es", "ok")
    assert assistant.slots("rest-es")["language"] == "es"


@pytest.mark.parametrize("language, question, label", [
    ("ja", "小さな店ですが、銀行から融資を受けるにはどんな書類が必要ですか？", "出典："),
    ("ko", "작은 가게인데 은행 대출 받으려면 어떤 서류를 준비해야 하나요?", "출처:"),
    ("ru", "Какие документы банк попросит у малого бизнеса для кредита?", "Источник:"),
    ("fil", "Anong mga dokumento ang hihingin ng bangko kapag nag-apply ako ng loan para sa maliit kong negosyo?",
     "Pinagkunan:"),
    ("zh-Hant", "我開小店，想跟銀行申請貸款，通常要準備哪些文件？", "來源："),
])
def test_a_question_in_each_new_language_is_answered_from_its_own_guides(assistant, language, question, label):
    replies = assistant.say(f"rest-{language}", question)
    assert label in texts(replies), texts(replies)
    assert citations(replies)
    assert next(r for r in replies if r.get("custom"))["custom"]["language"] == language
    assert assistant.slots(f"rest-{language}")["language"] == language


def test_the_economy_is_asked_once_and_the_reply_names_its_offices(assistant):
    replies = assistant.say("rest-economy", "¿Cómo reviso mi historial crediticio antes de pedir un préstamo?")
    assert citations(replies) and "¿En qué economía de APEC" in texts(replies)
    replies = assistant.say("rest-economy", "estoy en Arequipa")
    assert assistant.slots("rest-economy")["economy"] == "PE"
    listed = [i for reply in replies for i in (reply.get("custom") or {}).get("institutions", [])]
    assert listed and all(i["economy"] == "PE" and i["url"] in texts(replies) for i in listed)
    replies = assistant.say("rest-economy", "¿Y qué necesito para una garantía de crédito?")
    assert "¿En qué economía de APEC" not in texts(replies)  # asked once, and the economy is known now


def test_statement_paragraph_found_from_thai(assistant):
    replies = assistant.say("rest-th", "รัฐมนตรี SME ของเอเปคปี 2020 พูดถึงผลกระทบของโควิด-19 ต่อธุรกิจขนาดเล็กว่าอย่างไร")
    assert assistant.slots("rest-th")["language"] == "th"
    assert citations(replies), texts(replies)


def test_channel_locale_in_metadata_sets_the_reply_language(assistant):
    replies = assistant.say("rest-locale", "hello", metadata={"locale": "vi-VN"})
    assert assistant.slots("rest-locale")["language"] == "vi"
    assert replies and "Xin chào" in texts(replies)


def test_explicit_language_switch_command(assistant):
    assistant.say("rest-switch", "How do I start selling online?")
    replies = assistant.say("rest-switch", "/lang id")
    assert assistant.slots("rest-switch")["language"] == "id"
    assert replies and "bahasa indonesia" in texts(replies).lower()


def test_unsupported_language_gets_a_polite_english_reply(assistant):
    replies = assistant.say("rest-fr", "Bonjour, comment puis-je obtenir un prêt pour ma petite entreprise ?")
    listed = ("English", "ไทย", "日本語", "한국어", "Русский", "Filipino", "繁體中文")
    assert all(name in texts(replies) for name in listed), texts(replies)


def test_human_handoff_is_recorded(assistant):
    assistant.say("rest-handoff", "I need help with export finance for my shop")
    assert "contact" in texts(assistant.say("rest-handoff", "I want to talk to a human advisor")).lower()
    replies = assistant.say("rest-handoff", "+62 812 3456 7890")
    assert "H0" in texts(replies)
    assert assistant.slots("rest-handoff")["handoff_id"].startswith("H")


def test_action_server_down_still_gets_a_reply(assistant):
    assistant.stop_actions()
    try:
        replies = assistant.say("rest-down", "How can I get a loan for my business?")
        assert "can't reach my knowledge service" in texts(replies)
        # A first message in Spanish gets the apology in Spanish, though the language action is down too.
        replies = assistant.say("rest-down-es", "¿Cómo puedo conseguir un préstamo para mi negocio?")
        assert "no puedo conectarme" in texts(replies)
    finally:
        assistant.start_actions()
    # ...and once it is back, the same conversation gets answers again.
    assert citations(assistant.say("rest-down", "How can I get a loan for my business?"))


def test_server_status_is_up(assistant):
    status, _ = http("GET", f"{assistant.url}/status?token={RASA_API_TOKEN}")
    assert status == 200


def test_an_owner_who_says_where_they_are_is_pointed_to_their_own_institutions(assistant):
    replies = assistant.say("rest-economy", "I'm in Malaysia. How can a credit guarantee help me get a bank loan?")
    assert citations(replies) and "cgc.com.my" in texts(replies)  # Malaysia's Credit Guarantee Corporation
    assert assistant.slots("rest-economy")["economy"] == "MY"
    # ...and the economy stays with the conversation.
    replies = assistant.say("rest-economy", "How do I check my credit report before I apply?")
    assert "creditbureau.bnm.gov.my" in texts(replies) or "eccris" in texts(replies).lower()
