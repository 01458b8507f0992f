"""Reading one cell as text, a number, an integer or a date, whatever the file typed it as
(the readers give str, float, int, bool, datetime or None)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

STRIP_CHARS = " \t\r\n\u3000\xa0\u200b\ufeff"
#: The first characters that make a spreadsheet cell a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Exports put this before a text that starts with a trigger (core.excel.writer.guard_text).
FORMULA_GUARD = "'"
_TRIGGER_CHARS = frozenset("".join(FORMULA_TRIGGERS))
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def cell_str(value: object) -> str:
    """A cell as trimmed text: ``None`` -> ``""``, ``330000.0`` -> ``"330000"``."""
    if type(value) is str:  # the common case first: this runs for most cells of a file
        text = value.strip(STRIP_CHARS)
        return unguard_text(text) if text[:1] == FORMULA_GUARD else text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip(STRIP_CHARS)


def unguard_text(text: str) -> str:
    """A text as it was before an export guarded it: ``'=1+1`` -> ``=1+1``, so that a file
    exported here imports back unchanged. An apostrophe before anything else is kept."""
    if text[:1] == FORMULA_GUARD and text[1:2] in _TRIGGER_CHARS:
        return text[1:].strip(STRIP_CHARS)
    return text


def _number_text(value: object) -> str:
    text = unicodedata.normalize("NFKC", cell_str(value))
    return text.replace(",", "").replace(" ", "")


def cell_decimal(value: object) -> Decimal | None:
    """A cell as a :class:`Decimal` (``None`` when blank); raises ``ValueError("应为数字")``."""
    if isinstance(value, bool):
        raise ValueError("应为数字")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    else:
        text = repr(value) if isinstance(value, float) else _number_text(value)
        if not text:
            return None
        try:
            result = Decimal(text.removeprefix("¥").removeprefix("￥"))
        except InvalidOperation:
            raise ValueError("应为数字") from None
    if not result.is_finite():
        raise ValueError("应为数字")
    return result


def cell_int(value: object) -> int | None:
    """A cell as an ``int`` (``None`` when blank); ``54.0`` is fine, ``5.5`` is not."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        number = cell_decimal(value)
    except ValueError:
        raise ValueError("应为整数") from None
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError("应为整数")
    return int(number)


def cell_date(value: object) -> dt.date | None:
    """A cell as a date: calamine dates, ISO/slash/dot/中文 strings, or Excel serial numbers."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError("应为日期，格式如 2024-01-02")
    text = unicodedata.normalize("NFKC", cell_str(value)).strip()
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found:
            year, month, day = (int(part) for part in found.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise ValueError("应为日期，格式如 2024-01-02")
