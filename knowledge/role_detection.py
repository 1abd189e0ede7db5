"""Which kind of office a message asks about: "where do I file a trademark?" asks for the IP office.

An answer names the offices its guide sends a reader to (knowledge/economies.py,
ARTICLE_ROLES); a question that itself names a kind of office gets that one too,
and first, even when no guide answers it ("donde saco mi RUC?": the tax
authority). Words per role in every language, accents optional
(Vietnamese is often typed without them); Chinese, Japanese, Korean and Thai
match inside words, as typed (folding would strip Thai vowel and tone marks,
Japanese voicing marks and split Korean syllables).
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
        r"商標", r"特許", r"知的財産", r"상표", r"특허", r"지식재산", r"товарн\w* знак", r"патент", r"роспатент",
        r"\bipophl\b",
        r"intellectual property", r"智慧財產", r"智財", r"專利", r"知識產權",
    ],
    "credit_bureau": [
        r"credit (?:report|history|score|check|record|bureau)", r"historial (?:crediticio|de credito)",
        r"reporte de credito", r"buro de credito", r"central de riesgo", r"\bslik\b", r"\bideb\b", r"bi checking",
        r"riwayat kredit", r"laporan kredit", r"\bccris\b", r"\bctos\b", r"lich su tin dung", r"bao cao tin dung",
        r"\bcic\b", r"no xau", r"征信", r"信用报告", r"เครดิตบูโร", r"ข้อมูลเครดิต", r"ประวัติเครดิต",
        r"信用情報", r"\bjicc\b", r"신용정보", r"신용점수", r"신용등급", r"кредитн\w* истори", r"\bбки\b",
        r"кредитн\w* рейтинг", r"聯徵",
        r"信用報告", r"信用紀錄", r"信貸資料", r"環聯",
    ],
    "tax_authority": [
        r"\btax(?:es)?\b", r"\bgst\b", r"\bvat\b", r"impuesto", r"\bruc\b", r"\brfc\b", r"\bsii\b", r"\bsat\b",
        r"\bsunat\b", r"\bpajak\b", r"\bnpwp\b", r"\bcukai\b", r"\blhdn\b", r"\bthue\b", r"ke khai thue", r"税",
        r"ภาษี",
        r"国税庁", r"確定申告", r"세금", r"세무서", r"국세청", r"부가세", r"소득세", r"налог", r"\bфнс\b", r"\bндс\b",
        r"\bусн\b",
        r"\bbuwis\b", r"\bbir\b", r"稅",
    ],
    "business_registration": [
        r"regist\w* (?:a |my |our )?(?:business|company|firm|shop)", r"business (?:number|registration|licen[cs]e)",
        r"\babn\b", r"incorporat", r"constitu\w* (?:una |mi )?(?:empresa|sociedad|spa)", r"formalizar",
        r"registrar (?:mi |una )?(?:empresa|negocio)", r"\bnib\b", r"\boss\b", r"izin usaha", r"perizinan berusaha",
        r"daftar (?:usaha|perniagaan|syarikat|bisnes)", r"\bssm\b", r"dang ky (?:kinh doanh|doanh nghiep|thanh lap)",
        r"giay phep kinh doanh", r"营业执照", r"注册公司", r"工商登记", r"จดทะเบียน(?:บริษัท|ร้าน|ธุรกิจ|พาณิชย์)",
        r"会社設立", r"法人登記", r"開業届", r"사업자\s*등록", r"법인\s*설립",
        r"регистрац\w* (?:ип|ооо|бизнес|компани)",
        r"открыть (?:ип|ооо)", r"\bегрюл\b", r"\bегрип\b", r"\bdti\b", r"business permit", r"magparehistro",
        r"公司登記",
        r"商業登記", r"營業登記", r"設立公司",
    ],
    "credit_guarantee": [
        r"(?:loan|credit) guarantee", r"guarantee (?:scheme|fund|corporation)", r"garantia de credito",
        r"fondo de garantia", r"penjaminan kredit", r"jaminan kredit", r"penjamin", r"bao lanh tin dung",
        r"quy bao lanh", r"信用担保", r"融资担保", r"ค้ำประกันสินเชื่อ", r"บสย",
        r"信用保証", r"保証協会", r"신용보증", r"보증기금", r"поручительств", r"гаранти\w* фонд", r"philguarantee",
        r"信用保證", r"信保",
        r"保證基金", r"擔保計劃",
    ],
    "development_bank": [
        r"development bank", r"(?:state|government|govt)[- ](?:owned |backed )?bank", r"banca de desarrollo",
        r"banco (?:de desarrollo|estatal|del estado)", r"bank (?:pembangunan|pemerintah|bumn)",
        r"ngan hang (?:phat trien|chinh sach|nha nuoc)", r"政策性银行", r"开发银行", r"ธนาคารรัฐ", r"ธนาคารของรัฐ",
        r"ธนาคารพัฒนา",
        r"政策金融公庫", r"政府系金融", r"기업은행", r"정책자금", r"산업은행", r"국책은행", r"мсп банк",
        r"банк развития", r"\blandbank\b",
        r"\bdbp\b", r"中小企業銀行", r"企銀", r"開發銀行",
    ],
    "microfinance": [
        r"micro ?finance", r"micro ?loan", r"microcredit", r"microcredito", r"microfinanzas", r"kredit mikro",
        r"pinjaman mikro", r"pembiayaan mikro", r"\bkur\b", r"tai chinh vi mo", r"vay von uu dai", r"小额贷款",
        r"微型金融", r"ไมโครไฟแนนซ์", r"สินเชื่อรายย่อย",
        r"小口融資", r"マイクロファイナンス", r"소액\s*대출", r"미소금융", r"микрозайм", r"микрокредит",
        r"микрофинанс", r"\bмфо\b",
        r"maliit na pautang", r"小額貸款", r"微型貸款", r"微型信貸",
    ],
    "instant_payment": [
        r"\bqr\b", r"instant payment", r"pago (?:instantaneo|inmediato)", r"transferencia inmediata", r"\bqris\b",
        r"duitnow", r"promptpay", r"paynow", r"vietqr", r"napas", r"二维码", r"扫码", r"คิวอาร์", r"พร้อมเพย์",
        r"qr決済", r"paypay", r"제로페이", r"간편결제", r"\bсбп\b", r"быстрых платежей", r"\bgcash\b", r"\bmaya\b",
        r"instapay",
        r"qr ?ph", r"轉數快", r"行動支付", r"台灣pay", r"掃碼",
    ],
    "e_invoicing": [
        r"e-?invoic", r"electronic invoice", r"factura electronica", r"\bcfdi\b", r"boleta electronica",
        r"e-?faktur", r"faktur pajak", r"myinvois", r"invois elektronik", r"e-?invois", r"hoa don dien tu",
        r"电子发票", r"ใบกำกับภาษีอิเล็กทรอนิกส์", r"e-?tax invoice",
        r"電子インボイス", r"インボイス制度", r"適格請求書", r"전자\s*세금계산서", r"электронн\w* сч[её]т", r"\bэдо\b",
        r"электронн\w* документооборот", r"電子發票",
    ],
    "customs": [
        r"\bcustoms\b", r"import dut", r"\baduana", r"bea cukai", r"\bkastam\b", r"hai quan", r"海关", r"ศุลกากร",
        r"税関", r"通関", r"세관", r"관세청", r"통관", r"таможн", r"adwana", r"\bboc\b", r"bureau of customs",
        r"海關", r"關務署",
        r"報關",
    ],
    "single_window": [
        r"single window", r"ventanilla unica", r"\bvuce\b", r"\binsw\b", r"tetapan tunggal", r"mot cua",
        r"单一窗口", r"national single window", r"ระบบเชื่อมโยงข้อมูล",
        r"シングルウィンドウ", r"유니패스", r"unipass", r"единое окно", r"tradenet", r"單一窗口",
    ],
    "aeo": [
        r"\baeo\b", r"authori[sz]ed economic operator", r"operador economico autorizado", r"doanh nghiep uu tien",
        r"经认证的经营者", r"ผู้ประกอบการระดับมาตรฐาน",
        r"認定事業者", r"수출입\s*안전관리\s*우수업체", r"уполномоченн\w* экономическ\w* оператор", r"優質企業",
        r"認證經營者",
    ],
    "certificate_of_origin": [
        r"certificate of origin", r"\bc/?o\b form", r"\bform (?:d|e|ak|aj|jtepa)\b", r"certificado de origen",
        r"surat keterangan asal", r"\bska\b", r"sijil asal", r"giay chung nhan xuat xu", r"\bc/o\b",
        r"原产地证", r"ใบรับรองถิ่นกำเนิด",
        r"原産地証明", r"원산지\s*증명", r"сертификат\w* происхождени", r"原產地證", r"產地證",
    ],
    "export_promotion": [
        r"export promotion", r"trade (?:fair|show|mission)", r"promocion de exportaciones",
        r"promoci\w+ (?:de )?export", r"feria", r"promosi ekspor", r"pameran", r"promosi eksport",
        r"xuc tien (?:thuong mai|xuat khau)", r"hoi cho", r"出口促进", r"展会", r"ส่งเสริมการส่งออก", r"งานแฟร์",
        r"ジェトロ", r"\bjetro\b", r"展示会", r"見本市", r"코트라", r"\bkotra\b", r"수출바우처", r"박람회", r"전시회",
        r"\bрэц\b",
        r"экспортн\w* центр", r"выставк", r"\bcitem\b", r"外貿協會", r"貿發局", r"展覽", r"參展", r"拓銷",
    ],
    "data_protection": [
        r"data protection", r"privacy", r"data breach", r"leak\w* (?:\w+ )?(?:data|details|information)",
        r"proteccion de datos", r"datos personales", r"perlindungan data", r"kebocoran data", r"data peribadi",
        r"du lieu ca nhan", r"lo du lieu", r"个人信息", r"数据泄露", r"ข้อมูลส่วนบุคคล", r"ข้อมูลรั่ว", r"ข้อมูลหลุด",
        r"個人情報", r"情報漏え?い", r"漏洩", r"개인정보", r"정보\s*유출", r"персональн\w* данн", r"утечк\w* данн",
        r"data privacy",
        r"個人資料", r"個資", r"私隱", r"資料外洩",
    ],
    "cert": [
        r"\bcert\b", r"\bcsirt\b", r"cyber ?attack", r"ransomware", r"hack(?:ed)?", r"report (?:a |the )?cyber",
        r"ciberataque", r"incidente (?:de )?ciberseguridad", r"serangan siber", r"diretas", r"kena godam",
        r"tan cong mang", r"su co an toan thong tin", r"bi hack", r"网络攻击", r"勒索", r"被黑", r"ภัยไซเบอร์",
        r"แรนซัมแวร์", r"โดนแฮก", r"ไซเบอร์",
        r"サイバー攻撃", r"ランサムウェア", r"ハッキング", r"不正アクセス", r"\bjpcert\b", r"해킹", r"랜섬웨어",
        r"사이버\s*공격", r"кибератак", r"взлом",
        r"вымогател", r"na-?hack", r"網路攻擊", r"被駭", r"駭客", r"資安事件",
    ],
    "sme_agency": [
        r"sme (?:agency|corp)", r"small business (?:agency|administration)", r"agency for small", r"\bsba\b",
        r"agencia (?:de|para) (?:las )?(?:pymes|mipymes)", r"kementerian (?:umkm|koperasi)", r"dinas (?:umkm|koperasi)",
        r"agensi (?:kerajaan )?(?:untuk |yang uruskan )?pks", r"sme corp", r"co quan ho tro doanh nghiep",
        r"中小企业局", r"中小企业(?:服务|主管)", r"สสว", r"หน่วยงาน(?:รัฐ)?ที่ส่งเสริม(?:เอสเอ็มอี|sme)",
        r"中小企業庁", r"よろず支援拠点", r"中小機構", r"중소벤처기업부", r"중기부", r"소상공인시장진흥공단",
        r"소진공", r"корпораци\w* мсп",
        r"центр\w* .?мой бизнес", r"negosyo center", r"中小企業署", r"中小及新創企業署", r"工業貿易署", r"工貿署",
    ],
}
_PATTERNS = {role: re.compile("|".join(f"(?:{w})" for w in words)) for role, words in ROLE_WORDS.items()}


def roles_asked(text: Optional[str]) -> List[str]:
    """The kinds of office the message names, most specific first (the order of ROLE_WORDS)."""
    lowered = (text or "").lower()
    folded = fold_diacritics(lowered)  # also strips Thai vowel and tone marks: Thai is matched as typed
    return [role for role, pattern in _PATTERNS.items() if pattern.search(folded) or pattern.search(lowered)]
