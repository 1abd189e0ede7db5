import pytest

from knowledge.economies import ROLES
from knowledge.role_detection import ROLE_WORDS, roles_asked


def test_every_role_of_the_directory_has_words():
    assert set(ROLE_WORDS) == set(ROLES)


@pytest.mark.parametrize("text, role", [
    ("where do I file a trademark for my brand?", "ip_office"), ("Đăng ký nhãn hiệu ở đâu", "ip_office"),
    ("อยากจดเครื่องหมายการค้า", "ip_office"), ("怎么查自己的个人征信报告", "credit_bureau"),
    ("cek SLIK OJK gimana", "credit_bureau"), ("donde saco mi RUC?", "tax_authority"),
    ("ke khai thue o dau", "tax_authority"), ("hoa don dien tu dang ky o dau", "e_invoicing"),
    ("nak daftar cap dagangan", "ip_office"), ("we got hit by ransomware, who do we report to", "cert"),
])
def test_a_question_that_names_a_kind_of_office_asks_for_it(text, role):
    assert role in roles_asked(text)


@pytest.mark.parametrize("text", ["I need a loan for my bakery", "what is a letter of credit",
                                  "how do I export coffee to Japan", "ขายของออนไลน์ยังไงดี"])
def test_a_question_that_names_no_office_asks_for_none(text):
    assert roles_asked(text) == []
