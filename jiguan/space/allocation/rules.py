"""The rules of 统一调配 as pure functions and constants (no ORM, no request).

Sources (confidence marks as in /work/shared/docs/domain-rules.md §2):

* Order of the allocation methods 调剂 → 置换 → 租用 → 建设: 山东 implementing rules
  (鲁办发〔2018〕49号) [V-S]; the same principle for all state assets in
  《行政事业性国有资产管理条例》第十一条 (优先调剂) [V-P]; the national wording is [R].
* 《党政机关办公用房管理办法》第十八条 [V-S]: the bureau signs a 使用协议 with the using unit and
  issues a 分配使用凭证, which may not be used for 出租、出借、经营.
* 《机关事务管理条例》第二十一条 (统一调配) and 第二十三条 (未经本级人民政府批准，不得租用办公用房)
  [V-P].
* The area needed is the sum of the people's per-person limits, from
  :mod:`jiguan.space.standards.rules` (never a copy of its numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TASK_KIND = "space.allocation"


RULE_ORDER = ("配置办公用房按调剂、置换、租用、建设的顺序：优先调剂现有办公用房，"
              "不能调剂的再依次考虑置换、租用、建设（山东省党政机关办公用房管理实施办法；"
              "《行政事业性国有资产管理条例》第十一条）")


RULE_ART18 = ("《党政机关办公用房管理办法》第十八条：机关事务管理部门与使用单位签订办公用房"
              "使用协议，核发办公用房分配使用凭证；凭证可用于法人登记、集体户籍、大中修施工许可，"
              "不得用于出租、出借、经营。")


RULE_ART21 = "《机关事务管理条例》第二十一条：办公用房实行统一调配、统一权属登记。"


RULE_ART23 = "《机关事务管理条例》第二十三条：未经本级人民政府批准，不得租用办公用房。"


RULE_OVER = ("《党政机关办公用房管理办法》第十九条：严禁超标准配备、使用办公用房；"
             "申请面积超过人均标准之和的，须说明理由，由机关事务管理部门审核。")


#: The methods in the order the rules set; earlier is preferred.
METHOD_ORDER: tuple[str, ...] = ("reallocate", "exchange", "rent", "build")


#: Methods that give existing rooms now (the others are routed to the lease and
#: construction registers).
ROOM_METHODS = frozenset({"reallocate", "exchange"})


CENT = Decimal("0.01")


ZERO = Decimal(0)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def standard_area(limits: Sequence[Decimal]) -> Decimal:
    """The office area the people of an application are entitled to: the sum of their
    per-person limits (callers take each from jiguan.space.standards.rules.office_limit)."""
    if any(limit <= 0 for limit in limits):
        raise ValueError("人均办公室面积标准必须大于 0")
    return _round(sum(limits, ZERO))


def request_problems(*, requested: Decimal | None, standard: Decimal, people: int,
                     over_reason: str) -> dict[str, str]:
    """Why an application cannot be taken (field → Chinese message); empty when it can.

    More than the standard is allowed only with a reason (which the bureau then sees)."""
    errors: dict[str, str] = {}
    if people <= 0:
        errors["people"] = "请至少选择一名需安排办公室的人员"
    if requested is None or requested <= 0:
        errors["requested_area"] = "申请面积必须大于 0"
    elif people > 0 and requested > standard and not over_reason.strip():
        errors["over_standard_reason"] = (
            f"申请面积 {_fmt(requested)} m² 超过按标准计算的 {_fmt(standard)} m²，"
            "须填写超出标准的理由（《党政机关办公用房管理办法》第十九条）")
    return errors


def _fmt(value: Decimal) -> str:
    return format(_round(value).normalize(), "f")


def method_problem(*, chosen: str, feasible: Sequence[str], reason: str) -> str | None:
    """A later method than the first feasible one needs a reason (the order of the rules).

    ``feasible`` are the methods the proposal found possible, in any order."""
    if chosen not in METHOD_ORDER:
        return "配置方式无效，可选：调剂、置换、租用、建设"
    earlier = [m for m in METHOD_ORDER[:METHOD_ORDER.index(chosen)] if m in feasible]
    if earlier and not reason.strip():
        label = METHOD_LABELS[earlier[0]]
        return (f"按规定应优先采用“{label}”（{RULE_ORDER}）；"
                f"选择“{METHOD_LABELS[chosen]}”须填写理由")
    return None


METHOD_LABELS = {"reallocate": "调剂", "exchange": "置换", "rent": "租用", "build": "建设"}


@dataclass(frozen=True)
class Candidate:
    """A room that could be given: its id, building and usable area."""

    room_id: int
    building_id: int
    area: Decimal


def pick_rooms(candidates: Sequence[Candidate], need: Decimal) -> list[Candidate]:
    """Rooms in ONE building whose area covers ``need`` with the least excess (an agency is
    better kept in one building); the largest rooms first inside a building. Empty when no
    building has enough. Ties: fewer rooms, then the lower building id."""
    by_building: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_building.setdefault(c.building_id, []).append(c)
    best: tuple[Decimal, int, int, list[Candidate]] | None = None
    for building_id, rooms in by_building.items():
        chosen = _cover(sorted(rooms, key=lambda c: (-c.area, c.room_id)), need)
        if chosen is None:
            continue
        key = (sum((c.area for c in chosen), ZERO) - need, len(chosen), building_id)
        if best is None or key < best[:3]:
            best = (*key, chosen)
    return best[3] if best else []


def _cover(rooms: list[Candidate], need: Decimal) -> list[Candidate] | None:
    """Largest rooms until the need is met, then swap the last for the smallest that still
    covers (less excess)."""
    chosen: list[Candidate] = []
    total = ZERO
    for c in rooms:
        if total >= need:
            break
        chosen.append(c)
        total += c.area
    if total < need or not chosen:
        return None
    rest = total - chosen[-1].area
    unused = [c for c in rooms if c not in chosen]
    fits = [c for c in unused if rest + c.area >= need and c.area < chosen[-1].area]
    if fits:
        chosen[-1] = min(fits, key=lambda c: (c.area, c.room_id))
    return chosen


def certificate_number(*, region_code: str, year: int, serial: int) -> str:
    """分配使用凭证 number: region code, year and a serial per region and year."""
    return f"凭证{region_code}-{year}-{serial:05d}"


def agreement_number(certificate_no: str) -> str:
    """The use agreement signed with the certificate carries the same serial."""
    return certificate_no.replace("凭证", "协议", 1)


def agreement_terms(*, agency: str, rooms: Sequence[str], area: Decimal, start: str) -> str:
    """The text of the 办公用房使用协议 (第十八条)."""
    listed = "、".join(rooms)
    return (f"一、机关事务管理部门将{listed}（使用面积合计 {_fmt(area)} m²）交由{agency}"
            f"作为办公用房使用，自 {start} 起。\n"
            "二、使用单位在核定面积内使用，不得擅自改变使用功能，不得出租、出借或转给其他单位"
            "使用（《党政机关办公用房管理办法》第十九条；《机关事务管理条例》第二十三条）。\n"
            "三、分配使用凭证可用于法人登记、集体户籍、大中修施工许可，不得用于出租、出借、经营"
            "（第十八条）。\n"
            "四、机构撤销、调整或用房超出核定面积的，使用单位应按规定腾退移交"
            "（《机关事务管理条例》第二十二条）。")
