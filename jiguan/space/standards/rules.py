"""Office-space rules as pure functions over the versioned standards (no ORM).

Sources (confidence marks as in /work/shared/docs/domain-rules.md):

* 《党政机关办公用房建设标准》(发改投资〔2014〕2674号) §1.2 per-person office limits, its
  notes (表注1 副省级城市, 表注2 派出机构/事业单位) and §1.4 total-area formula
  ``S = [A + B + (A + B) × 9%] / K + C``; the 1999 edition (计投资〔1999〕2250号) for dates
  before 2014-11-24. Tables live in :mod:`jiguan.space.standards.data`.
* 《党政机关办公用房管理办法》(2017) 第十九条: vacate a leader's office within 1 month of
  transfer or retirement, a concurrent-post office within 2 months of the post ending,
  and never more than 2 office locations per person.

Configurable values ([R], unverified or set by the province) are township limits and
service-room area per person. Their Django settings are read only by the thin adapters
:func:`configured_township_limits` and :func:`configured_service_area_per_person`; this
module does not import ``django.conf`` at import time.

All areas are ``Decimal`` m² of usable area (使用面积) unless stated otherwise.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Literal, NamedTuple, TypedDict

from jiguan.orgs.rules import LEVEL_LABELS, RANKS, rank_label, rank_problem
from jiguan.space.standards.data import (
    DEFAULT_TOWNSHIP_LIMITS,
    EQUIPMENT_SHARE,
    SERVICE_AREA_PER_PERSON,
    STANDARD_1999,
    STANDARD_2014,
    STANDARDS,
    USAGE_COEFFICIENT,
    Standard,
)

__all__ = [
    "DEFAULT_TOWNSHIP_LIMITS",
    "MAX_OFFICE_LOCATIONS",
    "SERVICE_AREA_PER_PERSON",
    "STANDARDS",
    "STANDARD_1999",
    "STANDARD_2014",
    "UNIT_KINDS",
    "USAGE_COEFFICIENT",
    "ApprovedArea",
    "BuildingType",
    "LimitResult",
    "RoomCheck",
    "RoomStatus",
    "Standard",
    "StandardRow",
    "add_months",
    "approved_area",
    "check_office_room",
    "concurrent_office_due",
    "configured_service_area_per_person",
    "configured_township_limits",
    "current_standard",
    "effective_level",
    "office_limit",
    "office_limit_explained",
    "office_return_due",
    "service_area_per_person_from",
    "standard_for",
    "standards_table",
    "township_cap",
    "township_limits_from",
]


CENT = Decimal("0.01")


ZERO = Decimal(0)


def _round(value: Decimal) -> Decimal:
    """Round to 0.01 m², half up (the precision of area measurements)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _fmt(value: Decimal) -> str:
    """Decimal for a Chinese sentence: "42", "24.5" (no trailing zeros, no exponent)."""
    return format(value.normalize(), "f")


def _to_decimal(value: object, what: str) -> Decimal:
    """Read a configured number (int, str or Decimal; not float, not bool) as Decimal."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ValueError(f"{what}应为数字，当前为“{value!r}”")
    try:
        result = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"{what}应为数字，当前为“{value}”") from exc
    if not result.is_finite():
        raise ValueError(f"{what}应为有限数字，当前为“{value}”")
    return result


def current_standard() -> Standard:
    """The edition in force today (the one without an end date)."""
    return STANDARDS[-1]


def standard_for(on: date) -> Standard:
    """The edition in force on ``on``.

    Raises ``ValueError`` for dates before the earliest edition (1999): there is no
    national standard to judge them by.
    """
    for standard in STANDARDS:
        if standard.covers(on):
            return standard
    earliest = STANDARDS[0]
    raise ValueError(
        f"{on.isoformat()}早于最早的办公用房标准（{earliest.label}自"
        f"{earliest.effective_from.isoformat()}起施行），无法确定适用标准"
    )


def _standard(on: date | None) -> Standard:
    return current_standard() if on is None else standard_for(on)


#: The 2014 note caps township limits: "原则上不得超过县级副职".
TOWNSHIP_CAP_RANK = ("county", "county_deputy")


def township_cap(standard: Standard) -> Decimal:
    """The township ceiling of an edition: its own 县级副职 figure (2014: 24, 1999: 12)."""
    return standard.limits[TOWNSHIP_CAP_RANK[0]][TOWNSHIP_CAP_RANK[1]]


def township_limits_from(overrides: Mapping[str, object] | None) -> dict[str, Decimal]:
    """Township limits: ``DEFAULT_TOWNSHIP_LIMITS`` with ``overrides`` applied.

    ``overrides`` may name some or all of ``township_head``, ``township_deputy`` and
    ``below_township`` (values int, str or Decimal). Raises ``ValueError`` (Chinese) for an
    unknown rank, a value ≤ 0, or a value above the county deputy figure of the edition
    in force today (2014: 24).
    """
    limits = dict(DEFAULT_TOWNSHIP_LIMITS)
    allowed = "、".join(rank.code for rank in RANKS["township"])
    cap = township_cap(current_standard())
    for code, raw in (overrides or {}).items():
        if code not in limits:
            raise ValueError(f"乡级机关面积标准中的职级“{code}”无效，可选：{allowed}")
        what = f"乡级机关{rank_label(code)}办公室面积标准"
        value = _to_decimal(raw, what)
        if value <= 0:
            raise ValueError(f"{what}必须大于 0")
        if value > cap:
            raise ValueError(f"{what}为{_fmt(value)} m²，超过县级副职标准{_fmt(cap)} m²")
        limits[code] = value
    return limits


def configured_township_limits() -> dict[str, Decimal]:
    """Township limits from the setting ``JIGUAN_TOWNSHIP_OFFICE_LIMITS`` (a dict of rank
    code → m²; missing ranks keep the defaults). Reads Django settings lazily."""
    from django.conf import settings

    return township_limits_from(getattr(settings, "JIGUAN_TOWNSHIP_OFFICE_LIMITS", None))


def service_area_per_person_from(overrides: Mapping[str, object] | None) -> dict[str, Decimal]:
    """Service-room area per person by organ level: ``SERVICE_AREA_PER_PERSON`` ([R]) with
    ``overrides`` applied. Raises ``ValueError`` for an unknown level or a negative value."""
    result = dict(SERVICE_AREA_PER_PERSON)
    for level, raw in (overrides or {}).items():
        if level not in result:
            allowed = "、".join(LEVEL_LABELS[code] for code in result)
            raise ValueError(f"服务用房面积标准中的机关级别“{level}”无效，可选：{allowed}")
        value = _to_decimal(raw, f"{LEVEL_LABELS[level]}机关人均服务用房面积")
        if value < 0:
            raise ValueError(f"{LEVEL_LABELS[level]}机关人均服务用房面积不能为负数")
        result[level] = value
    return result


def configured_service_area_per_person() -> dict[str, Decimal]:
    """Service-room area per person from the setting ``JIGUAN_SERVICE_AREA_PER_PERSON``
    (a dict of organ level → m²). Reads Django settings lazily."""
    from django.conf import settings

    return service_area_per_person_from(getattr(settings, "JIGUAN_SERVICE_AREA_PER_PERSON", None))


#: 表注1: in a 副省级城市 (Hangzhou, Ningbo) the city's deputies use the provincial deputy
#: figure and its departments' 正/副局 use the provincial 正/副厅 figures. Other ranks keep
#: the city figures. Only city-level organs are affected.
SUB_PROVINCIAL_RANKS: Mapping[str, tuple[str, str]] = {
    "city_deputy": ("provincial_deputy", "副省级城市副职按省级副职标准（表注1）"),
    "bureau_head_city": (
        "bureau_head",
        "副省级城市组成部门正局级按省级机关正厅(局)级标准（表注1）",
    ),
    "bureau_deputy_city": (
        "bureau_deputy",
        "副省级城市组成部门副局级按省级机关副厅(局)级标准（表注1）",
    ),
}


class LimitResult(NamedTuple):
    """A per-person limit with the rule that produced it, for display."""

    area: Decimal
    standard_code: str
    rule_text: str


def office_limit_explained(
    *,
    organ_level: str,
    rank: str,
    sub_provincial: bool = False,
    on: date | None = None,
    township_limits: Mapping[str, object] | None = None,
) -> LimitResult:
    """The per-person office limit and a Chinese sentence citing the rule applied.

    ``on`` picks the edition in force (``None``: the current one). ``sub_provincial``
    applies 表注1 to city-level organs of a 副省级城市 under an edition that has the note
    (2014; not 1999, see ``data.py``) and is ignored for other levels.
    Township ranks use ``township_limits`` (partial overrides of the defaults; callers in
    Django pass :func:`configured_township_limits`), capped by the 县级副职 figure of the
    edition in force on ``on`` (1999: 12 m²).
    Raises ``ValueError`` (Chinese) for an unknown level, a rank of another level, or a
    date before 1999.
    """
    problem = rank_problem(organ_level, rank)
    if problem is not None:
        raise ValueError(problem)
    standard = _standard(on)
    label = f"{LEVEL_LABELS[organ_level]}机关{rank_label(rank)}"
    if organ_level == "township":
        configured = township_limits_from(township_limits)[rank]
        cap = township_cap(standard)
        if configured > cap:
            return LimitResult(
                cap,
                standard.code,
                f"{label}按省级规定为{_fmt(configured)} m²，不得超过{standard.label}"
                f"县级副职标准，按{_fmt(cap)} m²",
            )
        return LimitResult(
            configured,
            standard.code,
            f"{label}按省级规定：{_fmt(configured)} m²（原则上不得超过县级副职）",
        )
    if (sub_provincial and standard.sub_provincial_note and organ_level == "city"
            and rank in SUB_PROVINCIAL_RANKS):
        provincial_rank, note = SUB_PROVINCIAL_RANKS[rank]
        area = standard.limits["province"][provincial_rank]
        return LimitResult(area, standard.code, f"{note}：{_fmt(area)} m²")
    area = standard.limits[organ_level][rank]
    return LimitResult(area, standard.code, f"{label}：{_fmt(area)} m²（{standard.label}）")


def office_limit(
    *,
    organ_level: str,
    rank: str,
    sub_provincial: bool = False,
    on: date | None = None,
    township_limits: Mapping[str, object] | None = None,
) -> Decimal:
    """Usable office area per person (m²) for ``rank`` in an organ of ``organ_level``.

    See :func:`office_limit_explained` for the arguments and errors.
    """
    return office_limit_explained(
        organ_level=organ_level,
        rank=rank,
        sub_provincial=sub_provincial,
        on=on,
        township_limits=township_limits,
    ).area


#: 机关本级 / 派出机构 (also 直属机构) / 事业单位.
UNIT_KINDS: Mapping[str, str] = {
    "organ": "机关本级",
    "branch": "派出机构",
    "institution": "事业单位",
}


_ONE_LEVEL_DOWN: Mapping[str, str] = {
    "province": "city",
    "city": "county",
    "county": "county",
    "township": "township",
}


def effective_level(*, organ_level: str, unit_kind: str) -> str:
    """The organ level whose table applies to a unit (表注2, simplified).

    The note maps 省级机关处级 直属机构/派出机构/事业单位 to 市级机关局(处)级, and 科级
    派出机构/事业单位 to 县级机关科级. We simplify: a branch or institution attached to an
    organ of level L is judged by the table one level down (province → city, city → county;
    county and township stay). Its people are then graded with that level's rank codes
    (e.g. the head of a provincial 处级 institution is ``bureau_head_city``). A 厅级
    institution of a province — not covered by the note — needs a manual decision.
    """
    if organ_level not in _ONE_LEVEL_DOWN:
        raise ValueError(f"机关级别“{organ_level}”无效")
    if unit_kind not in UNIT_KINDS:
        allowed = "、".join(f"{code}（{label}）" for code, label in UNIT_KINDS.items())
        raise ValueError(f"单位类别“{unit_kind}”无效，可选：{allowed}")
    if unit_kind == "organ":
        return organ_level
    return _ONE_LEVEL_DOWN[organ_level]


class RoomStatus(StrEnum):
    COMPLIANT = "compliant"
    OVER = "over"
    VACANT = "vacant"

    @property
    def label(self) -> str:
        return {"compliant": "符合标准", "over": "超标", "vacant": "空置"}[self.value]


@dataclass(frozen=True)
class RoomCheck:
    """Outcome of comparing an office's usable area with its occupants' limits.

    ``excess`` is the area above the limit total (0 unless ``status`` is ``over``).
    """

    status: RoomStatus
    limit_total: Decimal
    excess: Decimal


def check_office_room(*, usable_area: Decimal, occupant_limits: Sequence[Decimal]) -> RoomCheck:
    """Check an office (办公室) against the sum of its occupants' per-person limits.

    Shared rooms are normal: the room is over-standard only when its usable area exceeds
    the SUM of its occupants' limits. Areas are compared at 0.01 m² (the area is rounded
    half up first). A room without occupants is ``vacant`` (idle, not over-standard).
    Raises ``ValueError`` when the area or any limit is not greater than 0.
    """
    if not usable_area > 0:
        raise ValueError("办公室使用面积必须大于 0")
    if any(not limit > 0 for limit in occupant_limits):
        raise ValueError("人均办公室面积标准必须大于 0")
    area = _round(usable_area)
    if not occupant_limits:
        return RoomCheck(RoomStatus.VACANT, _round(ZERO), _round(ZERO))
    limit_total = _round(sum(occupant_limits, ZERO))
    if area > limit_total:
        return RoomCheck(RoomStatus.OVER, limit_total, area - limit_total)
    return RoomCheck(RoomStatus.COMPLIANT, limit_total, _round(ZERO))


BuildingType = Literal["multi", "high"]


@dataclass(frozen=True)
class ApprovedArea:
    """Terms of ``S = [A + B + 0.09 (A + B)] / K + C``, each rounded to 0.01 m².

    ``total`` is computed from the unrounded terms, then rounded.
    """

    a: Decimal  # office area: sum of per-person limits
    b: Decimal  # service rooms: per-person service area x headcount
    equipment: Decimal  # 0.09 x (A + B)
    k: Decimal  # usage coefficient
    c: Decimal  # ancillary building area
    total: Decimal  # S, building area


def approved_area(
    *,
    office_limits: Sequence[Decimal],
    headcount: int,
    service_area_per_person: Decimal,
    building_type: BuildingType,
    ancillary_area: Decimal = ZERO,
) -> ApprovedArea:
    """Approved building area (核定面积) of an agency by the 2014 formula.

    ``office_limits`` are the per-person limits of the posts (A is their sum);
    ``service_area_per_person`` × ``headcount`` gives B (the per-person figure is [R]:
    callers take it from :func:`configured_service_area_per_person`); ``building_type``
    picks K (multi-storey 0.65, high-rise 0.60); ``ancillary_area`` is C. Raises
    ``ValueError`` (Chinese) for negative inputs or an unknown building type.
    """
    if isinstance(headcount, bool) or not isinstance(headcount, int):
        raise ValueError("编制人数应为整数")
    if headcount < 0:
        raise ValueError("编制人数不能为负数")
    if any(limit < 0 for limit in office_limits):
        raise ValueError("人均办公室面积标准不能为负数")
    if service_area_per_person < 0:
        raise ValueError("人均服务用房面积不能为负数")
    if ancillary_area < 0:
        raise ValueError("附属用房面积不能为负数")
    if building_type not in USAGE_COEFFICIENT:
        raise ValueError(f"建筑类型“{building_type}”无效，可选：multi（多层）、high（高层）")
    k = USAGE_COEFFICIENT[building_type]
    a = sum(office_limits, ZERO)
    b = service_area_per_person * headcount
    equipment = (a + b) * EQUIPMENT_SHARE
    total = (a + b + equipment) / k + ancillary_area
    return ApprovedArea(
        a=_round(a),
        b=_round(b),
        equipment=_round(equipment),
        k=k,
        c=_round(ancillary_area),
        total=_round(total),
    )


#: At most 2 office locations per person (main unit + one approved concurrent office).
MAX_OFFICE_LOCATIONS = 2


def add_months(start: date, months: int) -> date:
    """Calendar-month arithmetic: the same day ``months`` later, clamped to the month's
    end (2026-01-31 + 1 month = 2026-02-28). Raises ``ValueError`` past year 9999."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise ValueError("日期超出范围")
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def office_return_due(left_on: date) -> date:
    """Last day to take back the office of someone transferred or retired (1 month).
    A date at the end of the calendar is never due (date.max), rather than an error."""
    try:
        return add_months(left_on, 1)
    except ValueError:
        return date.max


def concurrent_office_due(post_ended_on: date) -> date:
    """Last day to vacate a concurrent-post office after the post ends (2 months).
    A date at the end of the calendar is never due (date.max), rather than an error."""
    try:
        return add_months(post_ended_on, 2)
    except ValueError:
        return date.max


class StandardRow(TypedDict):
    organ_level: str
    organ_level_label: str
    rank: str
    rank_label: str
    area: str  # Decimal as text, e.g. "42"; JSON-safe without float rounding
    standard: str  # edition code, "2014"
    document: str  # 发改投资〔2014〕2674号
    rule: str  # the Chinese sentence of office_limit_explained


def standards_table(
    on: date | None = None,
    sub_provincial: bool = False,
    township_limits: Mapping[str, object] | None = None,
) -> list[StandardRow]:
    """Every (level, rank) limit in force on ``on`` (default: today's edition), in the
    order of ``jiguan.orgs.rules.RANKS``; JSON-able, for ``/api/v1/space/standards/``."""
    standard = _standard(on)
    rows: list[StandardRow] = []
    for level, ranks in RANKS.items():
        for rank in ranks:
            result = office_limit_explained(
                organ_level=level,
                rank=rank.code,
                sub_provincial=sub_provincial,
                on=on,
                township_limits=township_limits,
            )
            rows.append(
                StandardRow(
                    organ_level=level,
                    organ_level_label=LEVEL_LABELS[level],
                    rank=rank.code,
                    rank_label=rank.label,
                    area=_fmt(result.area),
                    standard=standard.code,
                    document=standard.document,
                    rule=result.rule_text,
                )
            )
    return rows
