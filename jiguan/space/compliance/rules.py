"""统一规范使用: what the compliance modules share — the finding-to-do constants, the
rule each kind of finding cites, the audit labels, small SQL/area helpers, the
per-person limits and regions, and the approved-area formula of an agency.

Pure: no query here. The set-based compute is in compute.py, the writes in actions.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from jiguan.space.compliance.models import FindingKind
from jiguan.space.register.models import UseClass
from jiguan.space.standards import data, rules

TASK_KIND = "space.rectification"


SUBJECT_TYPE = "space.finding"


SYSTEM_ACTOR = "系统自动计算"


AUTO_CLOSE_NOTE = "数据显示问题已消除，系统自动办结"


DEFAULT_RECTIFICATION_DAYS = 30


#: Classes that make up 基本办公用房 (2014 standard 第十条), compared with the approved area.
BASIC_CLASSES = (UseClass.OFFICE, UseClass.SERVICE, UseClass.EQUIPMENT)


RULE_STANDARD = "《党政机关办公用房建设标准》（发改投资〔2014〕2674号）"


RULE_ART19 = "《党政机关办公用房管理办法》第十九条"


RULE_ART5 = "《党政机关办公用房管理办法》第五条"


RULE_ART3 = "《党政机关办公用房管理办法》第三条"


#: The rule each kind of finding cites (shown on the finding's page).
RULE_TEXT: Mapping[str, str] = {
    FindingKind.OVER_STANDARD: f"{RULE_STANDARD}：办公室使用面积不得超过使用人人均面积标准之和；"
                               f"{RULE_ART19}：严禁超标准配备、使用办公用房。",
    FindingKind.UNAPPROVED_SECOND_OFFICE: f"{RULE_ART19}：领导干部在多个单位任职的，应在主要工作"
                                          "单位安排一处办公室；确需另行安排的，须严格审批。",
    FindingKind.THIRD_OFFICE: f"{RULE_ART19}：兼任多个职务的，最多安排两处办公室，"
                              "不得安排三处以上。",
    FindingKind.LEFT_NOT_VACATED: f"{RULE_ART19}：工作人员调离或退休的，应在办理手续后"
                                  "1 个月内腾退办公用房。",
    FindingKind.CONCURRENT_NOT_VACATED: f"{RULE_ART19}：因兼职另行安排的办公室，应在兼职结束后"
                                        "2 个月内腾退。",
    FindingKind.USE_AGAINST_CLASS: f"{RULE_ART19}：不得擅自改变办公用房使用功能。",
    FindingKind.AGENCY_OVER_APPROVED: f"{RULE_ART19}：在核定面积内使用办公用房；核定面积按"
                                      f"{RULE_STANDARD} S = [A + B + (A + B) × 9%] / K + C 计算。",
    FindingKind.VACANT: f"{RULE_ART3}：统筹调剂余缺，及时依规处置，避免闲置浪费。",
    FindingKind.TITLE_NOT_BUREAU: f"{RULE_ART5}：房屋所有权、土地使用权登记在本级机关事务管理"
                                  "部门；无法登记的，由机关事务管理部门办理权属备案。",
}


CENT = Decimal("0.01")


ZERO = Decimal(0)


def rectification_days() -> int:
    return int(getattr(settings, "JIGUAN_RECTIFICATION_DAYS", DEFAULT_RECTIFICATION_DAYS))


def m2(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def fmt_area(value: Decimal) -> str:
    text = f"{value.quantize(CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def region_codes(path: str) -> tuple[str, str]:
    """(city code, county code) of a region path "/330000/330100/330106/..." ('' if above)."""
    parts = path.strip("/").split("/")
    return (parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "")


@dataclass(frozen=True)
class RegionRow:
    path: str
    parent_id: int | None
    sub_provincial: bool


class Limits:
    """Per-person office limits, memoised per (level, rank, 副省级)."""

    def __init__(self) -> None:
        self.township = rules.configured_township_limits()
        self.cache: dict[tuple[str, str, bool], Decimal | None] = {}

    def get(self, level: str, rank: str, sub_provincial: bool) -> Decimal | None:
        key = (level, rank, sub_provincial)
        if key not in self.cache:
            try:
                self.cache[key] = rules.office_limit(organ_level=level, rank=rank,
                                                     sub_provincial=sub_provincial,
                                                     township_limits=self.township)
            except ValueError:
                self.cache[key] = None  # a rank the standard does not know: no verdict
        return self.cache[key]


def is_sub_provincial(regions: Mapping[int, RegionRow], region_id: int) -> bool:
    """Region.in_sub_provincial_city over the bulk-loaded regions (no query per region)."""
    region = regions.get(region_id)
    if region is None:
        return False
    parent = regions.get(region.parent_id) if region.parent_id else None
    return region.sub_provincial or bool(parent and parent.sub_provincial)


def _in(path: str, prefix: str | None) -> bool:
    return prefix is None or path.startswith(prefix)


@dataclass(frozen=True)
class AgencyApproval:
    """An agency's approved area (2014 formula) and the inputs it came from."""

    area: rules.ApprovedArea
    office_limits: list[Decimal]
    headcount: int
    service_area_per_person: Decimal
    building_type: str

    @property
    def usable(self) -> Decimal:
        """Approved usable area of 基本办公用房: A + B + 设备用房 (before ÷K)."""
        return self.area.a + self.area.b + self.area.equipment


def service_headcount(*, authorized: int, serving: int) -> int:
    """The headcount of B: the 2014 standard counts service rooms per 编制 (authorised
    headcount); an agency without one recorded falls back on its serving people."""
    return authorized if authorized > 0 else serving


def agency_approval(*, level: str, region_sub_provincial: bool, rank_counts: Mapping[str, int],
                    building_type: str, limits: Limits | None = None,
                    service: Mapping[str, Decimal] | None = None,
                    authorized_headcount: int = 0) -> AgencyApproval:
    """Approved area of an agency: A from the ranks of its serving people (their limits;
    people of an unknown rank add nothing), B = the configured service area per person of
    the agency's level × its 编制 (service_headcount)."""
    limits = limits or Limits()
    service = service if service is not None else rules.configured_service_area_per_person()
    office_limits: list[Decimal] = []
    for rank, n in sorted(rank_counts.items()):
        limit = limits.get(level, rank, region_sub_provincial)
        if limit is not None:
            office_limits.extend([limit] * n)
    headcount = service_headcount(authorized=authorized_headcount,
                                  serving=sum(rank_counts.values()))
    per_person = service.get(level, ZERO)
    btype = building_type if building_type in data.USAGE_COEFFICIENT else "multi"
    area = rules.approved_area(office_limits=office_limits, headcount=headcount,
                               service_area_per_person=per_person,
                               building_type=btype)  # type: ignore[arg-type]
    return AgencyApproval(area, office_limits, headcount, per_person, btype)
