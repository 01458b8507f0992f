"""Tests of the pure office-space rules (no database, no Django settings needed)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiguan.orgs.rules import RANKS
from jiguan.space.standards import rules
from jiguan.space.standards.data import (
    DEFAULT_TOWNSHIP_LIMITS,
    SERVICE_AREA_PER_PERSON,
    STANDARD_1999,
    STANDARD_2014,
    STANDARDS,
)
from jiguan.space.standards.rules import (
    MAX_OFFICE_LOCATIONS,
    RoomStatus,
    add_months,
    approved_area,
    check_office_room,
    concurrent_office_due,
    configured_service_area_per_person,
    configured_township_limits,
    effective_level,
    office_limit,
    office_limit_explained,
    office_return_due,
    service_area_per_person_from,
    standard_for,
    standards_table,
    township_limits_from,
)

D = Decimal
IN_2010 = date(2010, 6, 1)
IN_2020 = date(2020, 6, 1)

# The 2014 table (domain-rules.md §1.2), in the order of orgs.rules.RANKS.
TABLE_2014 = {
    "province": [54, 42, 30, 24, 18, 12, 9],
    "city": [42, 30, 24, 18, 9],
    "county": [30, 24, 18, 12, 9],
}
# The 1999 table (§1.3) mapped onto our rank codes.
TABLE_1999 = {
    "province": [54, 42, 24, 18, 12, 12, 6],
    "city": [32, 18, 12, 12, 6],
    "county": [20, 12, 9, 9, 6],
}
NATIONAL_LEVELS = ["province", "city", "county"]
ALL_RANKS = [(level, rank.code) for level, ranks in RANKS.items() for rank in ranks]


# ---------------------------------------------------------------------------
# Standards as data
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "rank"), ALL_RANKS)
def test_every_rank_of_every_level_has_a_2014_limit(level: str, rank: str) -> None:
    assert office_limit(organ_level=level, rank=rank, on=IN_2020) > 0


@pytest.mark.parametrize(("level", "rank"), ALL_RANKS)
def test_every_rank_of_every_level_has_a_1999_limit(level: str, rank: str) -> None:
    assert office_limit(organ_level=level, rank=rank, on=IN_2010) > 0


@pytest.mark.parametrize("standard", STANDARDS)
def test_national_tables_hold_exactly_the_ranks_of_their_levels(standard: rules.Standard) -> None:
    assert set(standard.limits) == set(NATIONAL_LEVELS)
    for level in NATIONAL_LEVELS:
        assert list(standard.limits[level]) == [rank.code for rank in RANKS[level]]


@pytest.mark.parametrize("level", NATIONAL_LEVELS)
def test_the_2014_figures_match_the_published_table(level: str) -> None:
    got = [office_limit(organ_level=level, rank=r.code, on=IN_2020) for r in RANKS[level]]
    assert got == [D(v) for v in TABLE_2014[level]]


@pytest.mark.parametrize("level", NATIONAL_LEVELS)
def test_the_1999_figures_match_the_old_table(level: str) -> None:
    got = [office_limit(organ_level=level, rank=r.code, on=IN_2010) for r in RANKS[level]]
    assert got == [D(v) for v in TABLE_1999[level]]


@pytest.mark.parametrize("standard", STANDARDS)
def test_limits_never_grow_down_the_ranks(standard: rules.Standard) -> None:
    for ranks in standard.limits.values():
        values = list(ranks.values())
        assert values == sorted(values, reverse=True)


def test_standards_are_contiguous_and_only_the_last_is_open_ended() -> None:
    for older, newer in itertools.pairwise(STANDARDS):
        assert older.effective_to is not None
        assert older.effective_to + timedelta(days=1) == newer.effective_from
    assert STANDARDS[-1].effective_to is None


def test_standards_name_their_documents() -> None:
    assert STANDARD_2014.document == "发改投资〔2014〕2674号"
    assert STANDARD_1999.document == "计投资〔1999〕2250号"
    assert STANDARD_2014.title == STANDARD_1999.title == "《党政机关办公用房建设标准》"
    assert STANDARD_2014.effective_from == date(2014, 11, 24)
    assert all(s.confidence for s in STANDARDS)


def test_standard_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        STANDARD_2014.limits["county"]["below_section"] = D(99)  # type: ignore[index]


# ---------------------------------------------------------------------------
# Which standard applies on a date
# ---------------------------------------------------------------------------


def test_the_2014_standard_applies_from_its_issue_day() -> None:
    assert standard_for(date(2014, 11, 24)) is STANDARD_2014
    assert standard_for(date(2014, 11, 23)) is STANDARD_1999


def test_a_date_in_2010_gets_the_1999_figure() -> None:
    assert office_limit(organ_level="county", rank="below_section", on=IN_2010) == 6
    assert office_limit(organ_level="county", rank="below_section", on=IN_2020) == 9


def test_without_a_date_the_current_standard_applies() -> None:
    assert rules.current_standard() is STANDARD_2014
    assert office_limit(organ_level="county", rank="below_section") == 9


def test_a_date_before_1999_has_no_standard() -> None:
    with pytest.raises(ValueError, match="早于最早的办公用房标准"):
        standard_for(date(1998, 12, 31))
    with pytest.raises(ValueError, match="早于"):
        office_limit(organ_level="county", rank="county_head", on=date(1990, 1, 1))
    assert standard_for(date(1999, 1, 1)) is STANDARD_1999


@given(st.dates(min_value=date(1999, 1, 1)))
def test_every_date_since_1999_has_exactly_one_standard(on: date) -> None:
    assert sum(s.covers(on) for s in STANDARDS) == 1
    assert standard_for(on).covers(on)


# ---------------------------------------------------------------------------
# Sub-provincial cities (表注1)
# ---------------------------------------------------------------------------


def test_a_hangzhou_deputy_gets_the_provincial_deputy_figure() -> None:
    assert office_limit(organ_level="city", rank="city_deputy", sub_provincial=True) == 42


def test_a_hangzhou_department_head_gets_the_provincial_bureau_head_figure() -> None:
    assert office_limit(organ_level="city", rank="bureau_head_city", sub_provincial=True) == 30


def test_a_hangzhou_department_deputy_gets_the_provincial_bureau_deputy_figure() -> None:
    assert office_limit(organ_level="city", rank="bureau_deputy_city", sub_provincial=True) == 24


def test_hangzhou_staff_and_head_keep_the_city_figures() -> None:
    assert office_limit(organ_level="city", rank="below_bureau_city", sub_provincial=True) == 9
    assert office_limit(organ_level="city", rank="city_head", sub_provincial=True) == 42


def test_an_ordinary_city_deputy_gets_the_city_figure() -> None:
    assert office_limit(organ_level="city", rank="city_deputy") == 30
    assert office_limit(organ_level="city", rank="bureau_head_city") == 24


def test_sub_provincial_note_is_not_applied_to_the_1999_edition() -> None:
    # The 1999 table has no 副省级城市 note; the 2014 mapping would put a deputy (42) above
    # the head (32). Under 1999 a sub-provincial city keeps the city figures.
    assert office_limit(organ_level="city", rank="city_deputy", sub_provincial=True,
                        on=IN_2010) == 18
    assert office_limit(organ_level="city", rank="bureau_head_city", sub_provincial=True,
                        on=IN_2010) == 12
    assert "表注1" not in office_limit_explained(
        organ_level="city", rank="city_deputy", sub_provincial=True, on=IN_2010).rule_text


@pytest.mark.parametrize("on", [IN_2010, None])
@pytest.mark.parametrize("sub_provincial", [False, True])
@pytest.mark.parametrize("level", ["province", "city", "county", "township"])
def test_a_deputy_is_never_above_the_head(level: str, sub_provincial: bool,
                                          on: date | None) -> None:
    ranks = [r.code for r in RANKS[level]]
    figures = [office_limit(organ_level=level, rank=r, sub_provincial=sub_provincial, on=on)
               for r in ranks]
    assert figures == sorted(figures, reverse=True), dict(zip(ranks, figures, strict=True))


def test_township_limits_follow_the_edition() -> None:
    # 1999: 县级副职 is 12 m², so the default 24 (乡级正职) and 18 (副职) are capped at 12.
    assert office_limit(organ_level="township", rank="township_head", on=IN_2010) == 12
    assert office_limit(organ_level="township", rank="township_deputy", on=IN_2010) == 12
    assert office_limit(organ_level="township", rank="below_township", on=IN_2010) == 9
    result = office_limit_explained(organ_level="township", rank="township_head", on=IN_2010)
    assert "不得超过" in result.rule_text and "1999" in result.rule_text
    assert office_limit(organ_level="township", rank="township_head") == 24


@pytest.mark.parametrize(("level", "rank"), [r for r in ALL_RANKS if r[0] != "city"])
def test_sub_provincial_flag_does_not_touch_other_levels(level: str, rank: str) -> None:
    assert office_limit(organ_level=level, rank=rank, sub_provincial=True) == office_limit(
        organ_level=level, rank=rank
    )


def test_the_explanation_cites_the_rule_applied() -> None:
    result = office_limit_explained(organ_level="city", rank="city_deputy", sub_provincial=True)
    assert result.area == 42
    assert result.standard_code == "2014"
    assert result.rule_text == "副省级城市副职按省级副职标准（表注1）：42 m²"

    plain = office_limit_explained(organ_level="county", rank="below_section", on=IN_2010)
    assert plain.standard_code == "1999"
    assert plain.rule_text == "县级机关科级以下：6 m²（1999年标准（计投资〔1999〕2250号））"


# ---------------------------------------------------------------------------
# Unknown ranks and levels
# ---------------------------------------------------------------------------


def test_an_unknown_rank_is_refused_with_the_allowed_ranks() -> None:
    with pytest.raises(ValueError, match="可选：县级正职、县级副职、正科级、副科级、科级以下"):
        office_limit(organ_level="county", rank="chief")


def test_a_rank_of_another_level_is_refused() -> None:
    with pytest.raises(ValueError, match="不属于县级机关"):
        office_limit(organ_level="county", rank="provincial_head")


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="机关级别"):
        office_limit(organ_level="central", rank="provincial_head")


# ---------------------------------------------------------------------------
# Township limits ([R], configurable)
# ---------------------------------------------------------------------------


def test_township_limits_default_to_our_assumption() -> None:
    got = {
        code: office_limit(organ_level="township", rank=code) for code in DEFAULT_TOWNSHIP_LIMITS
    }
    assert got == {"township_head": 24, "township_deputy": 18, "below_township": 9}


def test_township_limits_can_be_set_by_the_province() -> None:
    limits = {"township_head": 20, "township_deputy": "15.5", "below_township": D(8)}
    assert office_limit(organ_level="township", rank="township_deputy",
                        township_limits=limits) == D("15.5")


def test_a_partial_township_override_keeps_the_other_defaults() -> None:
    limits = {"township_head": 20}
    assert office_limit(organ_level="township", rank="township_head",
                        township_limits=limits) == 20
    assert office_limit(organ_level="township", rank="below_township",
                        township_limits=limits) == 9


def test_township_limits_within_the_cap_apply_under_either_standard() -> None:
    assert office_limit(organ_level="township", rank="below_township", on=IN_2010) == 9
    assert office_limit(organ_level="township", rank="township_head", on=IN_2010,
                        township_limits={"township_head": 10}) == 10


def test_the_township_explanation_says_the_province_sets_it() -> None:
    text = office_limit_explained(organ_level="township", rank="township_head").rule_text
    assert text == "乡级机关乡级正职按省级规定：24 m²（原则上不得超过县级副职）"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"township_head": 25}, "超过县级副职标准24 m²"),
        ({"township_head": 0}, "必须大于 0"),
        ({"township_chief": 10}, "职级“township_chief”无效"),
        ({"township_head": "abc"}, "应为数字"),
        ({"township_head": 1.5}, "应为数字"),
        ({"township_head": True}, "应为数字"),
        ({"township_head": "NaN"}, "有限数字"),
    ],
)
def test_bad_township_limits_are_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        township_limits_from(overrides)


def test_township_limits_are_read_from_the_django_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = SimpleNamespace(JIGUAN_TOWNSHIP_OFFICE_LIMITS={"below_township": 8})
    monkeypatch.setattr("django.conf.settings", fake)
    assert configured_township_limits() == {
        "township_head": D(24),
        "township_deputy": D(18),
        "below_township": D(8),
    }
    monkeypatch.setattr("django.conf.settings", SimpleNamespace())
    assert configured_township_limits() == dict(DEFAULT_TOWNSHIP_LIMITS)


def test_service_area_defaults_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    assert service_area_per_person_from(None) == {
        "province": 9, "city": 8, "county": 7, "township": 6,
    }
    assert service_area_per_person_from({"city": "7.5"})["city"] == D("7.5")
    with pytest.raises(ValueError, match="机关级别“central”无效"):
        service_area_per_person_from({"central": 10})
    with pytest.raises(ValueError, match="不能为负数"):
        service_area_per_person_from({"county": -1})
    monkeypatch.setattr("django.conf.settings",
                        SimpleNamespace(JIGUAN_SERVICE_AREA_PER_PERSON={"county": 6}))
    assert configured_service_area_per_person()["county"] == 6


def test_the_module_does_not_import_django_conf_at_import_time() -> None:
    code = (
        "import sys, jiguan.space.standards.rules; "
        "sys.exit(any(m.startswith('django.conf') for m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


# ---------------------------------------------------------------------------
# Unit mapping (表注2)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("organ_level", "unit_kind", "expected"),
    [
        ("province", "organ", "province"),
        ("province", "branch", "city"),
        ("province", "institution", "city"),
        ("city", "organ", "city"),
        ("city", "branch", "county"),
        ("city", "institution", "county"),
        ("county", "organ", "county"),
        ("county", "branch", "county"),
        ("county", "institution", "county"),
        ("township", "institution", "township"),
    ],
)
def test_branches_and_institutions_use_the_table_one_level_down(
    organ_level: str, unit_kind: str, expected: str
) -> None:
    assert effective_level(organ_level=organ_level, unit_kind=unit_kind) == expected


def test_unknown_unit_kinds_and_levels_are_refused() -> None:
    with pytest.raises(ValueError, match="单位类别“company”无效"):
        effective_level(organ_level="city", unit_kind="company")
    with pytest.raises(ValueError, match="机关级别“central”无效"):
        effective_level(organ_level="central", unit_kind="organ")


# ---------------------------------------------------------------------------
# Room check
# ---------------------------------------------------------------------------


def test_a_room_exactly_at_the_limit_is_compliant() -> None:
    check = check_office_room(usable_area=D("18.00"), occupant_limits=[D(9), D(9)])
    assert check.status == RoomStatus.COMPLIANT == "compliant"
    assert check.limit_total == D("18.00")
    assert check.excess == 0


def test_a_room_one_hundredth_over_is_over_by_that_much() -> None:
    check = check_office_room(usable_area=D("18.01"), occupant_limits=[D(9), D(9)])
    assert check.status == RoomStatus.OVER
    assert check.excess == D("0.01")
    assert check.status.label == "超标"


def test_a_room_without_occupants_is_vacant() -> None:
    check = check_office_room(usable_area=D(30), occupant_limits=[])
    assert check.status == RoomStatus.VACANT
    assert check.limit_total == 0
    assert check.excess == 0


def test_a_shared_room_is_judged_against_the_sum_of_limits() -> None:
    check = check_office_room(usable_area=D("40.5"), occupant_limits=[D(24), D(9)])
    assert check.status == RoomStatus.OVER
    assert check.limit_total == D(33)
    assert check.excess == D("7.50")


@pytest.mark.parametrize("area", [D(0), D(-1)])
def test_a_room_area_must_be_positive(area: Decimal) -> None:
    with pytest.raises(ValueError, match="办公室使用面积必须大于 0"):
        check_office_room(usable_area=area, occupant_limits=[D(9)])


def test_occupant_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="面积标准必须大于 0"):
        check_office_room(usable_area=D(9), occupant_limits=[D(9), D(0)])


areas = st.decimals(min_value=D("0.01"), max_value=D(1000), places=2)


@given(area=areas, limits=st.lists(areas, min_size=1, max_size=6))
def test_a_room_is_over_exactly_when_its_area_exceeds_the_limits(
    area: Decimal, limits: list[Decimal]
) -> None:
    check = check_office_room(usable_area=area, occupant_limits=limits)
    assert (check.status == RoomStatus.OVER) == (area > sum(limits))
    assert check.excess == max(area - sum(limits), D(0))


# ---------------------------------------------------------------------------
# Approved area (核定面积), S = [A + B + 0.09 (A + B)] / K + C
# ---------------------------------------------------------------------------


def formula(a: Decimal, b: Decimal, k: Decimal, c: Decimal) -> Decimal:
    s = (a + b + D("0.09") * (a + b)) / k + c
    return s.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def test_a_small_county_bureau_worked_example() -> None:
    # 1 head (30), 2 deputies (24), 10 staff (9): A = 168; B = 7 x 13 = 91; C = 100.
    limits = [D(30), D(24), D(24)] + [D(9)] * 10
    result = approved_area(office_limits=limits, headcount=13,
                           service_area_per_person=SERVICE_AREA_PER_PERSON["county"],
                           building_type="multi", ancillary_area=D(100))
    assert result.a == D(168)
    assert result.b == D(91)
    assert result.equipment == D("23.31")
    assert result.k == D("0.65")
    assert result.c == D(100)
    # (168 + 91 + 23.31) / 0.65 + 100 = 534.3230... + ... = 534.32
    assert result.total == D("534.32")


def test_a_high_rise_needs_more_building_area_than_a_multi_storey() -> None:
    args = {"office_limits": [D(24), D(9)], "headcount": 2,
            "service_area_per_person": D(8), "ancillary_area": D(0)}
    multi = approved_area(building_type="multi", **args)  # type: ignore[arg-type]
    high = approved_area(building_type="high", **args)  # type: ignore[arg-type]
    assert multi.k == D("0.65")
    assert high.k == D("0.60")
    assert high.total > multi.total


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"office_limits": [D(-1)]}, "人均办公室面积标准不能为负数"),
        ({"headcount": -1}, "编制人数不能为负数"),
        ({"headcount": True}, "编制人数应为整数"),
        ({"service_area_per_person": D(-1)}, "人均服务用房面积不能为负数"),
        ({"ancillary_area": D("-0.01")}, "附属用房面积不能为负数"),
        ({"building_type": "tower"}, "建筑类型“tower”无效"),
    ],
)
def test_negative_or_unknown_inputs_are_refused(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"office_limits": [D(9)], "headcount": 1,
                               "service_area_per_person": D(8), "building_type": "multi",
                               "ancillary_area": D(0)}
    with pytest.raises(ValueError, match=message):
        approved_area(**(args | kwargs))  # type: ignore[arg-type]


limit_lists = st.lists(st.decimals(min_value=0, max_value=60, places=2), max_size=30)
headcounts = st.integers(min_value=0, max_value=500)
per_person = st.decimals(min_value=0, max_value=20, places=2)
ancillary = st.decimals(min_value=0, max_value=10000, places=2)
building_types = st.sampled_from(["multi", "high"])


@given(limits=limit_lists, headcount=headcounts, service=per_person, c=ancillary,
       building_type=building_types)
def test_approved_area_equals_the_formula(
    limits: list[Decimal], headcount: int, service: Decimal, c: Decimal, building_type: str
) -> None:
    result = approved_area(office_limits=limits, headcount=headcount,
                           service_area_per_person=service,
                           building_type=building_type,  # type: ignore[arg-type]
                           ancillary_area=c)
    k = D("0.65") if building_type == "multi" else D("0.60")
    assert result.total == formula(sum(limits, D(0)), service * headcount, k, c)


@given(limits=limit_lists, extra=st.decimals(min_value=0, max_value=60, places=2),
       headcount=headcounts, more=st.integers(min_value=0, max_value=50), service=per_person,
       more_service=per_person, c=ancillary, more_c=ancillary, building_type=building_types)
def test_approved_area_never_shrinks_when_any_input_grows(
    limits: list[Decimal], extra: Decimal, headcount: int, more: int, service: Decimal,
    more_service: Decimal, c: Decimal, more_c: Decimal, building_type: str,
) -> None:
    def total(**changes: object) -> Decimal:
        args: dict[str, object] = {"office_limits": limits, "headcount": headcount,
                                   "service_area_per_person": service,
                                   "building_type": building_type, "ancillary_area": c}
        return approved_area(**(args | changes)).total  # type: ignore[arg-type]

    base = total()
    assert total(office_limits=[*limits, extra]) >= base
    assert total(headcount=headcount + more) >= base
    assert total(service_area_per_person=service + more_service) >= base
    assert total(ancillary_area=c + more_c) >= base
    assert total(building_type="high") >= total(building_type="multi")


# ---------------------------------------------------------------------------
# Time rules (2017 管理办法 第十九条)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left_on", "due"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2026, 5, 31), date(2026, 6, 30)),
    ],
)
def test_an_office_is_due_back_one_calendar_month_after_leaving(left_on: date, due: date) -> None:
    assert office_return_due(left_on) == due


@pytest.mark.parametrize(
    ("ended_on", "due"),
    [
        (date(2025, 12, 31), date(2026, 2, 28)),
        (date(2027, 12, 31), date(2028, 2, 29)),
        (date(2026, 11, 30), date(2027, 1, 30)),
    ],
)
def test_a_concurrent_office_is_due_back_two_calendar_months_after_the_post(
    ended_on: date, due: date
) -> None:
    assert concurrent_office_due(ended_on) == due


recent_dates = st.dates(min_value=date(1999, 1, 1), max_value=date(2200, 12, 31))


@given(recent_dates)
def test_the_return_due_date_is_28_to_31_days_later(left_on: date) -> None:
    due = office_return_due(left_on)
    assert due > left_on
    assert 28 <= (due - left_on).days <= 31


@given(recent_dates)
def test_the_concurrent_due_date_is_59_to_62_days_later(ended_on: date) -> None:
    due = concurrent_office_due(ended_on)
    assert 59 <= (due - ended_on).days <= 62


def test_dates_past_year_9999_are_refused() -> None:
    with pytest.raises(ValueError, match="日期超出范围"):
        add_months(date(9999, 12, 1), 1)


def test_no_one_may_have_more_than_two_office_locations() -> None:
    assert MAX_OFFICE_LOCATIONS == 2


# ---------------------------------------------------------------------------
# The API table
# ---------------------------------------------------------------------------


def test_the_standards_table_lists_every_rank_and_is_json_able() -> None:
    table = standards_table()
    assert [(row["organ_level"], row["rank"]) for row in table] == ALL_RANKS
    json.dumps(table, ensure_ascii=False)
    first = table[0]
    assert first == {
        "organ_level": "province",
        "organ_level_label": "省级",
        "rank": "provincial_head",
        "rank_label": "省级正职",
        "area": "54",
        "standard": "2014",
        "document": "发改投资〔2014〕2674号",
        "rule": "省级机关省级正职：54 m²（2014年标准（发改投资〔2014〕2674号））",
    }


def test_the_standards_table_follows_the_date_and_the_sub_provincial_flag() -> None:
    def area(table: list[rules.StandardRow], rank: str) -> str:
        return next(row["area"] for row in table if row["rank"] == rank)

    old = standards_table(on=IN_2010)
    assert {row["standard"] for row in old} == {"1999"}
    assert area(old, "below_section") == "6"
    assert area(standards_table(), "city_deputy") == "30"
    assert area(standards_table(sub_provincial=True), "city_deputy") == "42"
    assert area(standards_table(township_limits={"township_head": 20}), "township_head") == "20"



def test_a_date_at_the_end_of_the_calendar_is_never_due() -> None:
    from datetime import date

    from jiguan.space.standards.rules import concurrent_office_due, office_return_due

    assert office_return_due(date(9999, 12, 15)) == date.max
    assert concurrent_office_due(date(9999, 11, 30)) == date.max
