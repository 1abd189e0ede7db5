"""CSV exports of the console's lists, safe to open in a spreadsheet."""
import csv
import io
from typing import Any, Iterable, List, Sequence

# A cell starting with one of these is a formula to Excel or LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheets read Thai, Chinese and Vietnamese right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def join(values: List[Any]) -> str:
    return "; ".join(str(v) for v in values if v)
