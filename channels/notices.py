"""What a messaging channel says itself, before a message reaches the assistant.

A webhook must answer 200 to a message it will not process (or the platform
retries it), so the user is told why instead. The assistant's own replies
are in locales/; these few are the channel's, in the same seven languages.
"""
from typing import Optional

NOTICES = {
    "not_text": {
        "en": "Sorry, I can only read text messages. Please type your question.",
        "es": "Lo siento, solo puedo leer mensajes de texto. Por favor, escribe tu pregunta.",
        "zh": "抱歉，我只能读取文字消息。请输入您的问题。",
        "id": "Maaf, saya hanya bisa membaca pesan teks. Silakan ketik pertanyaan Anda.",
        "ms": "Maaf, saya hanya boleh membaca mesej teks. Sila taip soalan anda.",
        "vi": "Xin lỗi, tôi chỉ đọc được tin nhắn văn bản. Vui lòng nhập câu hỏi của bạn.",
        "th": "ขออภัย ฉันอ่านได้เฉพาะข้อความตัวอักษร กรุณาพิมพ์คำถามของคุณ",
    },
    "too_long": {
        "en": "Sorry, your message is too long for me. Please ask in fewer than {limit} characters.",
        "es": "Lo siento, tu mensaje es demasiado largo. Por favor, pregunta en menos de {limit} caracteres.",
        "zh": "抱歉，您的消息太长了。请将问题控制在 {limit} 个字符以内。",
        "id": "Maaf, pesan Anda terlalu panjang. Silakan bertanya dalam kurang dari {limit} karakter.",
        "ms": "Maaf, mesej anda terlalu panjang. Sila tanya dalam kurang daripada {limit} aksara.",
        "vi": "Xin lỗi, tin nhắn của bạn quá dài. Vui lòng hỏi trong ít hơn {limit} ký tự.",
        "th": "ขออภัย ข้อความของคุณยาวเกินไป กรุณาถามโดยใช้ไม่เกิน {limit} ตัวอักษร",
    },
    "rate_limited": {
        "en": "You are sending messages faster than I can answer. Please wait a minute, then ask again.",
        "es": "Estás enviando mensajes más rápido de lo que puedo responder. Espera un minuto y vuelve a preguntar.",
        "zh": "您发送消息的速度太快了，我来不及回复。请稍等一分钟后再问。",
        "id": "Anda mengirim pesan lebih cepat daripada yang bisa saya jawab. Mohon tunggu sebentar, lalu tanya lagi.",
        "ms": "Anda menghantar mesej lebih pantas daripada yang saya mampu jawab. Sila tunggu seminit, kemudian "
              "tanya semula.",
        "vi": "Bạn đang gửi tin nhắn nhanh hơn tôi có thể trả lời. Vui lòng đợi một phút rồi hỏi lại.",
        "th": "คุณส่งข้อความเร็วเกินกว่าที่ฉันจะตอบทัน กรุณารอสักหนึ่งนาทีแล้วถามใหม่อีกครั้ง",
    },
}


def notice(key: str, language_hint: Optional[str] = None, **values) -> str:
    """The notice in the language of a hint such as "es-MX", else in English."""
    language = (language_hint or "en").replace("_", "-").split("-")[0].lower()
    texts = NOTICES[key]
    return texts.get(language, texts["en"]).format(**values)
