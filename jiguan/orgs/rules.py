"""Official rules about agencies and the people in them, as pure functions.

Nothing here touches the database; forms, models, importers and the API all call these
functions so that one rule has one implementation and one Chinese message.

Sources
-------
* Unified social credit code (统一社会信用代码): GB 32100-2015《法人和其他组织统一社会
  信用代码编码规则》. 18 characters from ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, Z,
  S, V): position 1 registration authority (登记管理部门代码), position 2 organisation
  category (机构类别代码), positions 3-8 the administrative region code of the registering
  authority (登记管理机关行政区划码, GB/T 2260), positions 9-17 the organisation code
  (主体标识码, GB 11714), position 18 the check character. The check character is
  ``C18 = 31 - (sum(value_i * 3**(i-1) mod 31) mod 31)``, with 31 written as ``0``;
  ``value_i`` is the character's index in the charset.
* Organisation code (组织机构代码): GB 11714-1997. Eight body characters (digits or
  capital letters, A=10 ... Z=35) weighted 3, 7, 9, 10, 5, 8, 4, 2, then
  ``C9 = 11 - (sum mod 11)``; 10 is written ``X`` and 11 is written ``0``.
* Ranks (职级) by organ class: 《党政机关办公用房建设标准》(发改投资〔2014〕2674号), the
  table of office floor area per person, which lists the rank rows of each organ class
  (中央机关, 省级机关, 市级机关, 县级机关, 乡级机关). Central-organ rows are omitted because
  the platform is deployed for one province.
* Agency type codes (单位性质): the statistics system's classification of 国家机关,
  事业单位 (by sector) and 社会团体.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from enum import StrEnum
from typing import NamedTuple

from django.core.exceptions import ValidationError

# ---------------------------------------------------------------------------
# Unified social credit code (GB 32100-2015)
# ---------------------------------------------------------------------------

CREDIT_CODE_LENGTH = 18
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_FORBIDDEN = "IOZSV"
#: ``3**i mod 31`` for i = 0..16: 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28.
CREDIT_CODE_WEIGHTS: tuple[int, ...] = tuple(pow(3, i, 31) for i in range(17))

#: Position 1: registration authority (登记管理部门代码).
REGISTRATION_AUTHORITIES: dict[str, str] = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "市场监督管理（工商）",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}

ORG_CODE_WEIGHTS: tuple[int, ...] = (3, 7, 9, 10, 5, 8, 4, 2)

_CHARSET_VALUE: dict[str, int] = {c: i for i, c in enumerate(CREDIT_CODE_CHARSET)}


def normalize_credit_code(text: str) -> str:
    """Return ``text`` as it should be stored: full-width folded, no spaces, upper case.

    Forms and importers call this before :func:`credit_code_problem`; the problem function
    itself judges exactly what it is given.
    """
    if text.isascii() and text.isalnum():  # the usual cell: nothing to fold
        return text.upper()
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).upper()


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100 check character (position 18) for the first 17 characters.

    Raises ``ValueError`` if ``first17`` is not 17 characters from the charset.
    """
    if len(first17) != 17:
        raise ValueError(f"expected 17 characters, got {len(first17)}")
    try:
        total = sum(
            _CHARSET_VALUE[c] * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
        )
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not in the credit code charset") from exc
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def _org_code_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    return ord(char) - ord("A") + 10


def org_code_check_char(first8: str) -> str:
    """Return the GB 11714 check character (``0``-``9`` or ``X``) for an 8-char body."""
    if len(first8) != 8 or not all(c.isdigit() or "A" <= c <= "Z" for c in first8):
        raise ValueError("expected 8 digits or capital letters")
    total = sum(_org_code_value(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def credit_code_problem(code: str) -> str | None:
    """Say in Chinese what is wrong with ``code``, or return ``None`` if it is valid.

    Checks, in order: length, characters, registration authority (position 1), region
    code (positions 3-8), the GB 32100 check character (position 18), then the GB 11714
    check digit of the organisation code (position 17).
    """
    if len(code) != CREDIT_CODE_LENGTH:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    for char in code:
        if char in _CHARSET_VALUE:
            continue
        if char.upper() in CREDIT_CODE_FORBIDDEN:
            return f"包含无效字符“{char}”（不得使用 I、O、Z、S、V）"
        if char.upper() in _CHARSET_VALUE:
            return f"包含小写字母“{char}”，字母应为大写"
        return f"包含无效字符“{char}”（只能使用数字和大写字母，不得使用 I、O、Z、S、V）"
    if code[0] not in REGISTRATION_AUTHORITIES:
        return f"第1位登记管理部门代码“{code[0]}”无效，应为1-9、A、N、Y之一"
    if not code[2:8].isdigit():
        return "第3-8位登记管理机关行政区划码应为6位数字"
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return f"校验码错误：第18位应为“{expected}”，实为“{code[17]}”"
    if code[16] != org_code_check_char(code[8:16]):
        return "组织机构代码（第9-17位）校验位错误"
    return None


_CHARSET = frozenset(CREDIT_CODE_CHARSET)
_AUTHORITIES = frozenset(REGISTRATION_AUTHORITIES)
# Values by character code (ASCII), for the check sums of credit_code_valid.
_VALUE_BY_ORD = [0] * 128
for _i, _c in enumerate(CREDIT_CODE_CHARSET):
    _VALUE_BY_ORD[ord(_c)] = _i
_ORG_BY_ORD = [0] * 128
for _c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _ORG_BY_ORD[ord(_c)] = _org_code_value(_c)


#: Partial check sums of the credit code by slice (positions 1-8, 9-12, 13-16): codes of
#: one register share their first eight characters and repeat the others' halves, so a
#: large import sums each distinct slice once. Each table stops growing at _PARTS_KEPT.
_HEAD_SUMS: dict[str, int] = {}
_MID_SUMS: dict[str, tuple[int, int]] = {}
_TAIL_SUMS: dict[str, tuple[int, int]] = {}
_PARTS_KEPT = 200_000
_ORG_CHECK = {check: "X" if check == 10 else "0" if check == 11 else str(check)
              for check in range(1, 12)}


def _part_sums(table: dict[str, tuple[int, int]], text: str, start: int
               ) -> tuple[int, int]:
    """The credit and organisation code weighted sums of ``text`` at position ``start``."""
    sums = table.get(text)
    if sums is None:
        raw = text.encode()
        sums = (sum(map(operator.mul, map(_VALUE_BY_ORD.__getitem__, raw),
                        CREDIT_CODE_WEIGHTS[start:start + 4])),
                sum(map(operator.mul, map(_ORG_BY_ORD.__getitem__, raw),
                        ORG_CODE_WEIGHTS[start - 8:start - 4])))
        if len(table) < _PARTS_KEPT:
            table[text] = sums
    return sums


def credit_code_valid(code: str) -> bool:
    """``credit_code_problem(code) is None``, computed in a few C calls and dict look-ups
    (a large import checks every row's code; the problem function says what is wrong with
    a bad one)."""
    if (len(code) != CREDIT_CODE_LENGTH or not _CHARSET.issuperset(code)
            or code[0] not in _AUTHORITIES or not code[2:8].isdigit()):
        return False
    head = code[:8]
    total = _HEAD_SUMS.get(head)
    if total is None:
        total = sum(map(operator.mul, map(_VALUE_BY_ORD.__getitem__, head.encode()),
                        CREDIT_CODE_WEIGHTS))
        if len(_HEAD_SUMS) < _PARTS_KEPT:
            _HEAD_SUMS[head] = total
    mid = _part_sums(_MID_SUMS, code[8:12], 8)
    tail = _part_sums(_TAIL_SUMS, code[12:16], 12)
    total += mid[0] + tail[0] + _VALUE_BY_ORD[ord(code[16])] * CREDIT_CODE_WEIGHTS[16]
    if code[17] != CREDIT_CODE_CHARSET[(31 - total % 31) % 31]:
        return False
    return code[16] == _ORG_CHECK[11 - (mid[1] + tail[1]) % 11]


def credit_code_region(code: str) -> str:
    """Return the 6-digit region code (positions 3-8) of a credit code.

    Raises ``ValueError`` when the code is too short or those positions are not digits.
    """
    code = normalize_credit_code(code)
    region = code[2:8]
    if len(region) != 6 or not region.isdigit():
        raise ValueError(f"no region code in {code!r}")
    return region


def validate_credit_code(value: str) -> None:
    """Django validator wrapping :func:`credit_code_problem`."""
    problem = credit_code_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="invalid_credit_code")


# ---------------------------------------------------------------------------
# Agency levels
# ---------------------------------------------------------------------------


class AgencyLevel(StrEnum):
    """Organ class of an agency, as the 2014 office standard divides them."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


LEVEL_LABELS: dict[str, str] = {
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡级",
}

_LEVEL_ALIASES: dict[str, tuple[str, ...]] = {
    "province": (
        "省",
        "省级",
        "省直",
        "省本级",
        "省(自治区、直辖市)级",
        "省(区、市)级",
        "自治区级",
        "直辖市级",
    ),
    "city": (
        "市",
        "市级",
        "市直",
        "市本级",
        "地级",
        "地市",
        "地市级",
        "市(地)级",
        "地(市)级",
        "市(地、州、盟)级",
        "市(州)级",
        "设区的市级",
        "州级",
        "盟级",
    ),
    "county": (
        "县",
        "县级",
        "县直",
        "县本级",
        "区",
        "区级",
        "县区",
        "县区级",
        "县(区)级",
        "县(市)级",
        "县(市、区)级",
        "县(市、区、旗)级",
        "县(市、旗)级",
        "县级市",
        "旗",
        "旗级",
    ),
    "township": (
        "乡",
        "乡级",
        "镇",
        "镇级",
        "乡镇",
        "乡镇级",
        "乡(镇)级",
        "乡(镇、街道)级",
        "乡镇(街道)",
        "乡镇(街道)级",
        "街道",
        "街道级",
        "街道办事处",
        "苏木",
    ),
}

_LEVEL_LOOKUP: dict[str, str] = {
    alias: level for level, aliases in _LEVEL_ALIASES.items() for alias in aliases
} | {level: level for level in LEVEL_LABELS}


def _fold(text: str) -> str:
    """Full-width to half-width, no whitespace; brackets become ``(`` and ``)``."""
    folded = unicodedata.normalize("NFKC", text)
    folded = folded.replace("〔", "(").replace("〕", ")").replace("[", "(").replace("]", ")")
    return "".join(folded.split())


def parse_level(text: str | None) -> str | None:
    """Read an agency level from free text ("省级机关", "县(市、区)级", "街道"...).

    Returns the level code (``"province"`` ...) or ``None`` if the text is not a level.
    """
    if not text:
        return None
    key = _fold(text).lower()
    if key in _LEVEL_LOOKUP:
        return _LEVEL_LOOKUP[key]
    for suffix in ("党政机关", "机关单位", "机关", "单位"):
        if key.endswith(suffix) and key[: -len(suffix)] in _LEVEL_LOOKUP:
            return _LEVEL_LOOKUP[key[: -len(suffix)]]
    return None


def level_label(level: str) -> str:
    """Chinese label of a level code; raises ``KeyError`` for an unknown code."""
    return LEVEL_LABELS[level]


# ---------------------------------------------------------------------------
# Agency types (单位性质)
# ---------------------------------------------------------------------------

AGENCY_TYPES: dict[str, str] = {
    "01": "国家机关",
    "021": "事业单位（教育）",
    "022": "事业单位（科技）",
    "023": "事业单位（文化）",
    "024": "事业单位（卫生）",
    "025": "事业单位（体育）",
    "026": "事业单位（其他）",
    "03": "社会团体",
}

_AGENCY_TYPE_LOOKUP: dict[str, str] = {_fold(label): code for code, label in AGENCY_TYPES.items()}


def parse_agency_type(text: str | None) -> str | None:
    """Read an agency type from its code or its label; returns the code or ``None``.

    A code whose leading zero was eaten by a spreadsheet ("1", "21") is accepted too.
    """
    if not text:
        return None
    key = _fold(text)
    if key in AGENCY_TYPES:
        return key
    if key.isdigit():
        for width in (2, 3):
            padded = key.zfill(width)
            if padded in AGENCY_TYPES:
                return padded
        return None
    return _AGENCY_TYPE_LOOKUP.get(key)


# ---------------------------------------------------------------------------
# Ranks (职级) per organ class, 《党政机关办公用房建设标准》(发改投资〔2014〕2674号)
# ---------------------------------------------------------------------------


class Rank(NamedTuple):
    """One rank row; ``order`` is 1 for the most senior rank of its level."""

    code: str
    label: str
    order: int


def _ranks(*rows: tuple[str, str]) -> tuple[Rank, ...]:
    return tuple(Rank(code, label, order) for order, (code, label) in enumerate(rows, start=1))


RANKS: dict[str, tuple[Rank, ...]] = {
    AgencyLevel.PROVINCE.value: _ranks(
        ("provincial_head", "省级正职"),
        ("provincial_deputy", "省级副职"),
        ("bureau_head", "正厅(局)级"),
        ("bureau_deputy", "副厅(局)级"),
        ("division_head", "正处级"),
        ("division_deputy", "副处级"),
        ("below_division", "处级以下"),
    ),
    AgencyLevel.CITY.value: _ranks(
        ("city_head", "市级正职"),
        ("city_deputy", "市级副职"),
        ("bureau_head_city", "正局(处)级"),
        ("bureau_deputy_city", "副局(处)级"),
        ("below_bureau_city", "局(处)级以下"),
    ),
    AgencyLevel.COUNTY.value: _ranks(
        ("county_head", "县级正职"),
        ("county_deputy", "县级副职"),
        ("section_head", "正科级"),
        ("section_deputy", "副科级"),
        ("below_section", "科级以下"),
    ),
    AgencyLevel.TOWNSHIP.value: _ranks(
        ("township_head", "乡级正职"),
        ("township_deputy", "乡级副职"),
        ("below_township", "乡级以下"),
    ),
}

_RANK_BY_CODE: dict[str, tuple[str, Rank]] = {
    rank.code: (level, rank) for level, ranks in RANKS.items() for rank in ranks
}
if len(_RANK_BY_CODE) != sum(len(ranks) for ranks in RANKS.values()):  # pragma: no cover
    raise AssertionError("rank codes must be unique across levels")


def ranks_for_level(level: str) -> tuple[Rank, ...]:
    """Ranks of one organ class, most senior first; empty for an unknown level."""
    return RANKS.get(level, ())


def rank_label(code: str) -> str:
    """Chinese label of a rank code; raises ``KeyError`` for an unknown code."""
    return _RANK_BY_CODE[code][1].label


def rank_level(code: str) -> str:
    """Level code a rank belongs to; raises ``KeyError`` for an unknown code."""
    return _RANK_BY_CODE[code][0]


def rank_choices(level: str) -> list[tuple[str, str]]:
    """``(code, label)`` pairs for a form's choices."""
    return [(rank.code, rank.label) for rank in ranks_for_level(level)]


def rank_problem(level: str, rank_code: str) -> str | None:
    """Say in Chinese why ``rank_code`` cannot be used in an agency of ``level``."""
    if level not in RANKS:
        return f"机关级别“{level}”无效"
    allowed = "、".join(rank.label for rank in RANKS[level])
    if rank_code not in _RANK_BY_CODE:
        return f"职级“{rank_code}”无效，可选：{allowed}"
    owner, rank = _RANK_BY_CODE[rank_code]
    if owner != level:
        return f"职级“{rank.label}”不属于{LEVEL_LABELS[level]}机关，可选：{allowed}"
    return None


_BRACKETED = re.compile(r"\(([^()]*)\)")


def _rank_keys(label: str) -> set[str]:
    """Spellings of a rank label: as is, without the bracket, with the bracket's content."""
    folded = _fold(label)
    keys = {folded, _BRACKETED.sub("", folded), _BRACKETED.sub(r"\1", folded)}
    # "正厅(局)级" is also written "正局级" — the bracket replaces the word before it.
    match = _BRACKETED.search(folded)
    if match is not None:
        before = folded[: match.start()]
        keys.add(before[:-1] + match.group(1) + folded[match.end() :])
    return keys


_RANK_LOOKUP: dict[str, dict[str, str]] = {
    level: {key: rank.code for rank in ranks for key in _rank_keys(rank.label)}
    for level, ranks in RANKS.items()
}


def parse_rank(level: str, text: str | None) -> str | None:
    """Read a rank of ``level`` from a label ("正厅级", "正厅（局）级") or a code.

    Returns the rank code, or ``None`` when the text names no rank of that level.
    """
    if not text or level not in RANKS:
        return None
    key = _fold(text)
    if key in _RANK_BY_CODE:
        return key if _RANK_BY_CODE[key][0] == level else None
    return _RANK_LOOKUP[level].get(key)


# ---------------------------------------------------------------------------
# Headcounts (编制数)
# ---------------------------------------------------------------------------


def headcount_problem(value: int | None, label: str) -> str | None:
    """Say what is wrong with a headcount; ``None`` (not filled in) is acceptable."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{label}应为整数"
    if value < 0:
        return f"{label}不能为负数"
    return None
