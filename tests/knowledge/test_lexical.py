"""knowledge.lexical: tokens that work in every language, and BM25 over each language's chunks."""
from knowledge.lexical import LexicalIndex, tokenize


def test_latin_text_is_folded_and_chat_words_are_spelt_out():
    assert tokenize("¿Cómo consigo un CRÉDITO?", "es") == ["consigo", "credito"]
    assert tokenize("gmn cara daftar QRIS utk warung", "id") == ["bagaimana", "cara", "daftar", "qris", "warung"]


def test_vietnamese_without_diacritics_meets_vietnamese_with_them():
    typed = tokenize("vay von ngan hang ko can the chap", "vi")
    written = tokenize("Vay vốn ngân hàng không cần thế chấp", "vi")
    assert "ngan_hang" in typed and set(typed) == set(written)


def test_chinese_is_indexed_in_character_pairs():
    assert tokenize("申请贷款", "zh") == ["申请", "请贷", "贷款"]
    assert "qr" in tokenize("怎么开通QR收款", "zh")


def test_japanese_and_korean_are_indexed_in_character_pairs():
    assert tokenize("融資の申請", "ja") == ["融資", "資の", "の申", "申請"]
    assert "대출" in tokenize("은행 대출을 받으려면", "ko")  # the particle does not hide the word


def test_russian_word_forms_meet_at_their_stem():
    asked = tokenize("Как получить кредиты под залог товаров?", "ru")
    written = tokenize("Банк выдаст кредит под залогом товара", "ru")
    assert {"залог", "товар"} <= set(asked) & set(written)
    assert "как" not in asked and "под" not in asked  # stop words


def test_thai_is_cut_into_words_and_polite_particles_dropped():
    tokens = tokenize("ขอสินเชื่อธนาคารต้องใช้เอกสารอะไรบ้างครับ", "th")
    assert "สินเชื่อ" in tokens and "ธนาคาร" in tokens and "ครับ" not in tokens


def test_bm25_finds_the_document_that_shares_the_rare_word_in_the_askers_language():
    index = LexicalIndex([
        (0, "id", "Pembayaran QRIS untuk warung dan toko kecil"),
        (1, "id", "Cara menyusun arus kas usaha"),
        (2, "ms", "Pembayaran DuitNow QR untuk kedai"),
    ])
    keys, scores = index.scores("qris itu ada biayanya gak", "id")
    assert list(keys) == [0, 1] and scores[0] > 0 == scores[1]
    assert len(index.scores("qris", "th")[0]) == 0  # no Thai documents: nothing, not an error
