"""The directory of institutions an owner contacts, one YAML file per APEC economy (knowledge/economies/).

    python -m knowledge economy MY             # one economy's directory
    python -m knowledge economy --coverage     # the economy x role table, and every problem (exit 1 if any)

Each entry names an institution by its official name (and its own-language
name), says in a sentence what it does for a small firm, gives its official
website, and says where that was checked: `source` (the institution's own page
or an official document) and `checked` (how: for example "search tool, stored
copy of the page"). A wrong institution is worse than none: a role that could
not be checked is left out, never guessed, and the coverage table shows the gap.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlsplit

import yaml

ECONOMIES_DIR = Path(__file__).resolve().parent / "economies"

# The 21 APEC economies by their APEC names, keyed by ISO 3166-1 alpha-2 code.
APEC_ECONOMIES = {
    "AU": "Australia", "BN": "Brunei Darussalam", "CA": "Canada", "CL": "Chile", "CN": "China",
    "HK": "Hong Kong, China", "ID": "Indonesia", "JP": "Japan", "KR": "Korea", "MY": "Malaysia",
    "MX": "Mexico", "NZ": "New Zealand", "PG": "Papua New Guinea", "PE": "Peru", "PH": "The Philippines",
    "RU": "Russia", "SG": "Singapore", "TW": "Chinese Taipei", "TH": "Thailand", "US": "United States",
    "VN": "Viet Nam",
}

# What an owner contacts, in the order an answer or the coverage table lists them.
ROLES = {
    "sme_agency": "SME agency",
    "business_registration": "business registration portal",
    "tax_authority": "tax authority (and its small-business regime)",
    "credit_guarantee": "credit guarantee institution",
    "credit_bureau": "credit bureau (and how to get your own report)",
    "development_bank": "development or SME bank",
    "microfinance": "microfinance regulator or programme",
    "instant_payment": "national QR or instant-payment scheme",
    "e_invoicing": "e-invoicing rules (where mandatory)",
    "customs": "customs authority",
    "single_window": "trade single window",
    "aeo": "authorised economic operator programme",
    "certificate_of_origin": "certificate-of-origin issuer",
    "export_promotion": "export promotion agency",
    "ip_office": "intellectual-property office (trademarks)",
    "data_protection": "data-protection authority (and the breach-notification rule)",
    "cert": "national CERT",
}
# The roles each guide sends its reader to ("ask your national credit bureau..."): an answer from the guide
# names the reader's own institutions for them. Guides whose advice names no kind of institution are absent.
ARTICLE_ROLES = {
    "finance-credit-guarantees": ["credit_guarantee", "development_bank"],
    "finance-credit-history": ["credit_bureau"],
    "finance-loan-application": ["development_bank", "credit_guarantee", "credit_bureau"],
    "finance-microfinance": ["microfinance", "development_bank"],
    "finance-relief-grants": ["sme_agency", "development_bank"],
    "finance-women-owned": ["sme_agency", "development_bank"],
    "finance-movable-collateral": ["credit_guarantee"],
    "digital-e-payments": ["instant_payment"],
    "digital-data-protection": ["data_protection"],
    "digital-cybersecurity": ["cert"],
    "digital-cloud-bookkeeping": ["e_invoicing", "tax_authority"],
    "digital-skills": ["sme_agency"],
    "digital-transformation-plan": ["sme_agency"],
    "export-customs-trade-facilitation": ["customs", "single_window", "aeo"],
    "export-rules-of-origin": ["certificate_of_origin"],
    "export-using-ftas": ["certificate_of_origin", "export_promotion"],
    "export-readiness-check": ["export_promotion"],
    "export-target-market": ["export_promotion"],
    "export-trademarks-ip": ["ip_office"],
    "export-finding-buyers": ["export_promotion"],
    "export-logistics-documents": ["customs", "single_window", "certificate_of_origin"],
    "finance-registering-business": ["business_registration", "tax_authority"],
    "finance-size-definitions": ["sme_agency"],
    "finance-tax-regimes": ["tax_authority"],
    "finance-business-plan-investors": ["sme_agency", "development_bank"],
    "digital-e-invoicing": ["e_invoicing", "tax_authority"],
}
REQUIRED = ("role", "name", "what", "url", "source", "checked")
OPTIONAL = ("local_name", "rule", "how")
_HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


@dataclass
class Institution:
    role: str
    name: str
    what: str
    url: str
    source: str
    checked: str
    local_name: Optional[str] = None
    rule: Optional[str] = None  # e.g. the breach-notification deadline, only where the source states it
    how: Optional[str] = None  # e.g. how to get your own credit report


@dataclass
class Economy:
    code: str
    name: str
    institutions: List[Institution] = field(default_factory=list)

    def by_role(self, role: str) -> List[Institution]:
        return [institution for institution in self.institutions if institution.role == role]


def url_problem(value) -> Optional[str]:
    """Why ``value`` is not a well-formed http(s) address, or None."""
    if not isinstance(value, str) or not value.strip():
        return "is empty"
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http"):
        return f"{value!r} is not an http(s) address"
    if not _HOST.match((parts.hostname or "").lower()) or " " in value:
        return f"{value!r} has no valid host name"
    return None


def entry_problems(entry, where: str) -> List[str]:
    if not isinstance(entry, dict):
        return [f"{where}: not a mapping"]
    problems = [f"{where}: missing {name}" for name in REQUIRED if not str(entry.get(name) or "").strip()]
    problems += [f"{where}: unknown field {name}" for name in entry if name not in REQUIRED + OPTIONAL]
    if entry.get("role") and entry["role"] not in ROLES:
        problems.append(f"{where}: unknown role {entry['role']!r}")
    for name in ("url", "source"):
        if entry.get(name):
            problem = url_problem(entry[name])
            if problem:
                problems.append(f"{where}: {name} {problem}")
    return problems


def read_economy(path: Path) -> Tuple[Optional[Economy], List[str]]:
    """The economy in ``path`` and the problems found in it (an economy with problems is still returned
    when it can be read, so that the table can show it)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return None, [f"{path.name}: cannot be read: {error}"]
    if not isinstance(data, dict):
        return None, [f"{path.name}: not a mapping"]
    code = path.stem
    problems = []
    if code not in APEC_ECONOMIES:
        problems.append(f"{path.name}: {code} is not the code of an APEC economy")
    if data.get("economy") != APEC_ECONOMIES.get(code):
        problems.append(f"{path.name}: economy must be {APEC_ECONOMIES.get(code)!r}, the APEC name")
    institutions = []
    for number, entry in enumerate(data.get("institutions") or [], 1):
        found = entry_problems(entry, f"{path.name} entry {number} ({(entry or {}).get('name', '?')})")
        problems += found
        if not found:
            institutions.append(Institution(**{key: str(value).strip() for key, value in entry.items()}))
    return Economy(code, APEC_ECONOMIES.get(code, code), institutions), problems


def load_directory(folder: Path = ECONOMIES_DIR) -> Tuple[Dict[str, Economy], List[str]]:
    economies, problems = {}, []
    for path in sorted(folder.glob("*.yml")):
        economy, found = read_economy(path)
        problems += found
        if economy:
            economies[economy.code] = economy
    return economies, problems


def describe(economy: Economy) -> str:
    lines = [f"{economy.name} ({economy.code})"]
    for role, label in ROLES.items():
        for institution in economy.by_role(role):
            own = f" / {institution.local_name}" if institution.local_name else ""
            lines.append(f"\n{label}: {institution.name}{own}\n  {institution.url}\n  {institution.what}")
            for extra in (institution.rule, institution.how):
                if extra:
                    lines.append(f"  {extra}")
            lines.append(f"  source: {institution.source} ({institution.checked})")
    missing = [label for role, label in ROLES.items() if not economy.by_role(role)]
    if missing:
        lines.append(f"\nnot in the directory yet: {', '.join(missing)}")
    return "\n".join(lines)


def coverage_table(economies: Dict[str, Economy]) -> str:
    roles = list(ROLES)
    header = "economy                " + " ".join(f"{n + 1:>2}" for n in range(len(roles))) + f"  of {len(roles)}"
    lines = [header]
    for code, name in sorted(APEC_ECONOMIES.items(), key=lambda item: item[1]):
        economy = economies.get(code)
        marks = [" x" if economy and economy.by_role(role) else " ." for role in roles]
        count = sum(mark == " x" for mark in marks)
        lines.append(f"{name[:22]:<23}" + " ".join(marks) + f"  {count:>5}")
    lines.append("")
    lines += [f"{n + 1:>2} {label}" for n, label in enumerate(ROLES.values())]
    return "\n".join(lines)
