"""Which kind of office a message asks about: "where do I file a trademark?" asks for the IP office.

An answer names the offices its guide sends a reader to (knowledge/economies.py,
ARTICLE_ROLES); a question that itself names a kind of office gets that one too,
and first, even when no guide answers it ("donde saco mi RUC?": the tax
authority). Words per role in the seven languages, accents optional
(Vietnamese is often typed without them); Chinese and Thai match inside words,
Thai as typed (folding would strip its vowel and tone marks).
"""
import re
from typing import Dict, List, Optional

from .language import fold_diacritics

# Patterns are matched on the message folded to lower case without diacritics.
ROLE_WORDS: Dict[str, List[str]] = {
    "ip_office": [
        r"trademark", r"trade mark", r"\bip office", r"patent", r"marca registrada", r"registrar (?:mi|una|la) marca",
        r"registro de marca", r"\bmerek\b", r"hak kekayaan intelektual", r"cap dagangan", r"tanda dagangan",
        r"nhan hieu", r"so huu tri tue", r"商标", r"知识产权", r"专利", r"เครื่องหมายการค้า", r"ทรัพย์สินทางปัญญา",
    ],
    "credit_bureau": [
        r"credit (?:report|history|score|check|record|bureau)", r"historial (?:crediticio|de credito)",
        r"reporte de credito", r"buro de credito", r"central de riesgo", r"\bslik\b", r"\bideb\b", r"bi checking",
        r"riwayat kredit", r"laporan kredit", r"\bccris\b", r"\bctos\b", r"lich su tin dung", r"bao cao tin dung",
        r"\bcic\b", r"no xau", r"征信", r"信用报告", r"เครดิตบูโร", r"ข้อมูลเครดิต", r"ประวัติเครดิต",
    ],
    "tax_authority": [
        r"\btax(?:es)?\b", r"\bgst\b", r"\bvat\b", r"impuesto", r"\bruc\b", r"\brfc\b", r"\bsii\b", r"\bsat\b",
        r"\bsunat\b", r"\bpajak\b", r"\bnpwp\b", r"\bcukai\b", r"\blhdn\b", r"\bthue\b", r"ke khai thue", r"税",
        r"ภาษี",
    ],
    "business_registration": [
        r"regist\w* (?:a |my |our )?(?:business|company|firm|shop)", r"business (?:number|registration|licen[cs]e)",
        r"\babn\b", r"incorporat", r"constitu\w* (?:una |mi )?(?:empresa|sociedad|spa)", r"formalizar",
        r"registrar (?:mi |una )?(?:empresa|negocio)", r"\bnib\b", r"\boss\b", r"izin usaha", r"perizinan berusaha",
        r"daftar (?:usaha|perniagaan|syarikat|bisnes)", r"\bssm\b", r"dang ky (?:kinh doanh|doanh nghiep|thanh lap)",
        r"giay phep kinh doanh", r"营业执照", r"注册公司", r"工商登记", r"จดทะเบียน(?:บริษัท|ร้าน|ธุรกิจ|พาณิชย์)",
    ],
    "credit_guarantee": [
        r"(?:loan|credit) guarantee", r"guarantee (?:scheme|fund|corporation)", r"garantia de credito",
        r"fondo de garantia", r"penjaminan kredit", r"jaminan kredit", r"penjamin", r"bao lanh tin dung",
        r"quy bao lanh", r"信用担保", r"融资担保", r"ค้ำประกันสินเชื่อ", r"บสย",
    ],
    "development_bank": [
        r"development bank", r"(?:state|government|govt)[- ](?:owned |backed )?bank", r"banca de desarrollo",
        r"banco (?:de desarrollo|estatal|del estado)", r"bank (?:pembangunan|pemerintah|bumn)",
        r"ngan hang (?:phat trien|chinh sach|nha nuoc)", r"政策性银行", r"开发银行", r"ธนาคารรัฐ", r"ธนาคารของรัฐ",
        r"ธนาคารพัฒนา",
    ],
    "microfinance": [
        r"micro ?finance", r"micro ?loan", r"microcredit", r"microcredito", r"microfinanzas", r"kredit mikro",
        r"pinjaman mikro", r"pembiayaan mikro", r"\bkur\b", r"tai chinh vi mo", r"vay von uu dai", r"小额贷款",
        r"微型金融", r"ไมโครไฟแนนซ์", r"สินเชื่อรายย่อย",
    ],
    "instant_payment": [
        r"\bqr\b", r"instant payment", r"pago (?:instantaneo|inmediato)", r"transferencia inmediata", r"\bqris\b",
        r"duitnow", r"promptpay", r"paynow", r"vietqr", r"napas", r"二维码", r"扫码", r"คิวอาร์", r"พร้อมเพย์",
    ],
    "e_invoicing": [
        r"e-?invoic", r"electronic invoice", r"factura electronica", r"\bcfdi\b", r"boleta electronica",
        r"e-?faktur", r"faktur pajak", r"myinvois", r"invois elektronik", r"e-?invois", r"hoa don dien tu",
        r"电子发票", r"ใบกำกับภาษีอิเล็กทรอนิกส์", r"e-?tax invoice",
    ],
    "customs": [
        r"\bcustoms\b", r"import dut", r"\baduana", r"bea cukai", r"\bkastam\b", r"hai quan", r"海关", r"ศุลกากร",
    ],
    "single_window": [
        r"single window", r"ventanilla unica", r"\bvuce\b", r"\binsw\b", r"tetapan tunggal", r"mot cua",
        r"单一窗口", r"national single window", r"ระบบเชื่อมโยงข้อมูล",
    ],
    "aeo": [
        r"\baeo\b", r"authori[sz]ed economic operator", r"operador economico autorizado", r"doanh nghiep uu tien",
        r"经认证的经营者", r"ผู้ประกอบการระดับมาตรฐาน",
    ],
    "certificate_of_origin": [
        r"certificate of origin", r"\bc/?o\b form", r"\bform (?:d|e|ak|aj|jtepa)\b", r"certificado de origen",
        r"surat keterangan asal", r"\bska\b", r"sijil asal", r"giay chung nhan xuat xu", r"\bc/o\b",
        r"原产地证", r"ใบรับรองถิ่นกำเนิด",
    ],
    "export_promotion": [
        r"export promotion", r"trade (?:fair|show|mission)", r"promocion de exportaciones",
        r"promoci\w+ (?:de )?export", r"feria", r"promosi ekspor", r"pameran", r"promosi eksport",
        r"xuc tien (?:thuong mai|xuat khau)", r"hoi cho", r"出口促进", r"展会", r"ส่งเสริมการส่งออก", r"งานแฟร์",
    ],
    "data_protection": [
        r"data protection", r"privacy", r"data breach", r"leak\w* (?:\w+ )?(?:data|details|information)",
        r"proteccion de datos", r"datos personales", r"perlindungan data", r"kebocoran data", r"data peribadi",
        r"du lieu ca nhan", r"lo du lieu", r"个人信息", r"数据泄露", r"ข้อมูลส่วนบุคคล", r"ข้อมูลรั่ว", r"ข้อมูลหลุด",
    ],
    "cert": [
        r"\bcert\b", r"\bcsirt\b", r"cyber ?attack", r"ransomware", r"hack(?:ed)?", r"report (?:a |the )?cyber",
        r"ciberataque", r"incidente (?:de )?ciberseguridad", r"serangan siber", r"diretas", r"kena godam",
        r"tan cong mang", r"su co an toan thong tin", r"bi hack", r"网络攻击", r"勒索", r"被黑", r"ภัยไซเบอร์",
        r"แรนซัมแวร์", r"โดนแฮก", r"ไซเบอร์",
    ],
    "sme_agency": [
        r"sme (?:agency|corp)", r"small business (?:agency|administration)", r"agency for small", r"\bsba\b",
        r"agencia (?:de|para) (?:las )?(?:pymes|mipymes)", r"kementerian (?:umkm|koperasi)", r"dinas (?:umkm|koperasi)",
        r"agensi (?:kerajaan )?(?:untuk |yang uruskan )?pks", r"sme corp", r"co quan ho tro doanh nghiep",
        r"中小企业局", r"中小企业(?:服务|主管)", r"สสว", r"หน่วยงาน(?:รัฐ)?ที่ส่งเสริม(?:เอสเอ็มอี|sme)",
    ],
}
_PATTERNS = {role: re.compile("|".join(f"(?:{w})" for w in words)) for role, words in ROLE_WORDS.items()}


def roles_asked(text: Optional[str]) -> List[str]:
    """The kinds of office the message names, most specific first (the order of ROLE_WORDS)."""
    lowered = (text or "").lower()
    folded = fold_diacritics(lowered)  # also strips Thai vowel and tone marks: Thai is matched as typed
    return [role for role, pattern in _PATTERNS.items() if pattern.search(folded) or pattern.search(lowered)]
