"""Applying a confirmed inventory declaration to the register in one bureau action."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.orgs.models import Person
from jiguan.space.inventory import actions, queries
from jiguan.space.inventory.models import CampaignAgency, SubmissionStatus
from jiguan.space.register.models import Occupancy, Occupant, Room
from jiguan.space.tests.test_inventory import _region, register  # noqa: F401  (fixture)

TODAY = dt.date.today()


def _declare(cast: Cast, edit: Any) -> CampaignAgency:
    """Open a Xihu campaign, declare the register with `edit` applied, and confirm it."""
    campaign = actions.campaign_open(year=TODAY.year, region=_region("330106"),
                                       deadline=TODAY + dt.timedelta(days=30),
                                       actor=cast.xihu)
    ca = campaign.agencies.get(agency=cast.xihu_agency)
    rows = [{**r, "usable_area": str(r["usable_area"]), "note": "", "row": i + 3}
            for i, r in enumerate(queries.register_rows(cast.xihu_agency))]
    for r in rows:
        r.pop("use_class_label", None)
        r.pop("room_id", None)
    rows = edit(rows)
    actions.declaration_submit(ca=ca, rows=rows, filename="x.xlsx", actor=cast.xihu)
    return actions.declaration_confirm(ca=ca, actor=cast.xihu)


def _row(rows: list[dict[str, Any]], number: str) -> dict[str, Any]:
    return next(r for r in rows if r["room_number"] == number)


def test_it_brings_the_register_in_line_with_the_declaration(
        cast: Cast, register: dict[str, Any]) -> None:  # noqa: F811
    wang = Person.objects.create(name="王五", agency=cast.xihu_agency, rank="section_member")

    def edit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        _row(rows, "101")["usable_area"] = "21.50"          # beyond the tolerance
        _row(rows, "101")["occupants"] = []                  # 张三 moves to 201
        _row(rows, "201")["occupants"] = ["张三", "王五"]
        rows = [r for r in rows if r["room_number"] != "102"]  # no longer used
        rows.append({"building_code": "X1", "building_name": "X1办公楼", "floor": 1,
                     "room_number": "103", "use_class": "service", "usable_area": "12",
                     "occupants": [], "note": "", "row": 9})
        return rows

    ca = _declare(cast, edit)
    kinds = sorted(d["kind"] for d in ca.differences)
    assert kinds == ["area_changed", "occupant_added", "occupant_moved", "room_added",
                     "room_removed"]
    result = actions.declaration_apply(ca=ca, actor=cast.xihu)

    assert Room.objects.get(pk=register["101"].pk).usable_area == Decimal("21.50")
    new = Room.objects.get(building=register["x1"], number="103")
    assert new.floor.number == 1 and new.use_class == "service"
    assert Occupancy.objects.filter(room=new, agency=cast.xihu_agency,
                                    end_date__isnull=True).exists()
    assert Occupancy.objects.get(room=register["102"]).end_date == TODAY
    seated = set(Occupant.objects.filter(end_date__isnull=True, person__agency=cast.xihu_agency)
                 .values_list("person__name", "room__number"))
    assert seated == {("张三", "201"), ("王五", "201")}
    assert wang.offices.filter(end_date__isnull=True).count() == 1
    ca.refresh_from_db()
    assert ca.differences == [] and result.skipped == []
    event = AuditEvent.objects.get(event_type="space.inventory.applied")
    assert event.changes == {"differences": [5, 0]}
    assert len(event.extra["applied"]) == len(result.applied) >= 5


def test_it_leaves_what_needs_a_person_and_says_why(cast: Cast,
                                                    register: dict[str, Any]) -> None:  # noqa: F811
    def edit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # N1 301 is Ningbo's (and outside Xihu's campaign); X1 301 is vacant: taken.
        rows.append({"building_code": "X1", "building_name": "X1办公楼", "floor": 3,
                     "room_number": "301", "use_class": "office", "usable_area": "25",
                     "occupants": ["赵六"], "note": "", "row": 9})
        return rows

    Person.objects.create(name="赵六", agency=cast.xihu_agency, rank="section_member")
    Person.objects.create(name="赵六", agency=cast.xihu_agency, rank="section_member")
    ca = _declare(cast, edit)
    result = actions.declaration_apply(ca=ca, actor=cast.xihu)
    assert Occupancy.objects.filter(room=register["vacant"], agency=cast.xihu_agency).exists()
    assert any("赵六" in s and "多名同名" in s for s in result.skipped)
    ca.refresh_from_db()
    assert [d["kind"] for d in ca.differences] == ["occupant_added"]


def test_a_room_in_another_agencys_use_is_not_taken(cast: Cast,
                                                    register: dict[str, Any]) -> None:  # noqa: F811
    hz_room = register["501"]
    hz_room.building.region = _region("330106")
    hz_room.building.save()

    def edit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # Declared with another floor, class and area: none of it may touch Hangzhou's room.
        rows.append({"building_code": "H1", "building_name": "H1办公楼", "floor": 4,
                     "room_number": "501", "use_class": "service", "usable_area": "55",
                     "occupants": [], "note": "", "row": 9})
        return rows

    ca = _declare(cast, edit)
    result = actions.declaration_apply(ca=ca, actor=cast.xihu)
    assert Occupancy.objects.get(room=hz_room, end_date__isnull=True).agency == (
        cast.hangzhou_agency)
    hz_room.refresh_from_db()
    assert (hz_room.floor.number, hz_room.use_class, hz_room.usable_area) == (
        5, "office", Decimal("40"))
    assert any("杭州市测试局" in s and "人工核实" in s for s in result.skipped)


def test_a_refused_change_rolls_everything_back(cast: Cast,
                                               register: dict[str, Any]) -> None:  # noqa: F811
    def edit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = [r for r in rows if r["room_number"] != "102"]
        _row(rows, "201")["usable_area"] = "5000"   # larger than the building
        return rows

    ca = _declare(cast, edit)
    with pytest.raises(ValidationError, match="X1 201") as exc:
        actions.declaration_apply(ca=ca, actor=cast.xihu)
    assert "未做任何修改" in exc.value.messages[0]
    assert Occupancy.objects.get(room=register["102"]).end_date is None
    assert Room.objects.get(pk=register["201"].pk).usable_area == Decimal("18")
    assert not AuditEvent.objects.filter(event_type="space.inventory.applied").exists()


def test_only_a_confirmed_declaration_is_applied(cast: Cast,
                                                 register: dict[str, Any]) -> None:  # noqa: F811
    ca = _declare(cast, lambda rows: rows[:1])
    CampaignAgency.objects.filter(pk=ca.pk).update(status=SubmissionStatus.SUBMITTED)
    ca.refresh_from_db()
    with pytest.raises(ValidationError, match="只能按已确认的填报"):
        actions.declaration_apply(ca=ca, actor=cast.xihu)


def test_the_page_offers_it_to_the_bureau_only(cast: Cast,
                                               register: dict[str, Any]) -> None:  # noqa: F811
    ca = _declare(cast, lambda rows: [r for r in rows if r["room_number"] != "102"])
    url = reverse("space_inventory:agency_detail", args=[ca.pk])
    assert 'data-testid="apply"' in cast.client("xihu").get(url).content.decode()
    assert 'data-testid="apply"' not in cast.client("auditor").get(url).content.decode()
    apply_url = reverse("space_inventory:agency_apply", args=[ca.pk])
    assert cast.client("auditor").post(apply_url).status_code == 403
    assert cast.client("ningbo_reporter").post(apply_url).status_code == 404
    response = cast.client("xihu").post(apply_url, follow=True)
    assert "已按申报更新台账：1 项修改" in response.content.decode()
    assert Occupancy.objects.get(room=register["102"]).end_date == TODAY


# ---------------------------------------------------------------- adding an agency

def _xihu_campaign(cast: Cast) -> Any:
    return actions.campaign_open(year=TODAY.year, region=_region("330106"),
                                   deadline=TODAY + dt.timedelta(days=30), actor=cast.xihu)


def test_a_bureau_adds_an_agency_to_an_open_campaign(cast: Cast,
                                                     register: dict[str, Any]) -> None:  # noqa: F811
    from jiguan.conftest import make_credit_code
    from jiguan.orgs.models import Agency
    from jiguan.todo.models import Task

    campaign = _xihu_campaign(cast)
    newcomer = Agency.objects.create(name="西湖区新设中心", region=_region("330106"),
                                     level="county", type_code="026",
                                     credit_code=make_credit_code("330106", 77, "12"))
    url = reverse("space_inventory:campaign_add_agency", args=[campaign.pk])
    response = cast.client("xihu").post(url, {"credit_code": newcomer.credit_code.lower()})
    assert response.status_code == 302
    ca = campaign.agencies.get(agency=newcomer)
    assert ca.status == SubmissionStatus.PENDING
    task = Task.objects.get(subject_type="space.campaignagency", subject_id=str(ca.pk))
    assert task.agency == newcomer and task.due_date == campaign.deadline
    assert AuditEvent.objects.filter(event_type="space.inventory.agency_added").exists()

    again = cast.client("xihu").post(url, {"credit_code": newcomer.credit_code})
    assert again.status_code == 422 and "已在本次清查中" in again.content.decode()
    ningbo = cast.client("xihu").post(url, {"credit_code": cast.ningbo_agency.credit_code})
    assert ningbo.status_code == 422 and "不在您的权限范围内" in ningbo.content.decode()
    hz = cast.client("hangzhou").post(url, {"credit_code": cast.hangzhou_agency.credit_code})
    assert hz.status_code == 422 and "不在本次清查范围" in hz.content.decode()
    assert cast.client("auditor").post(url, {"credit_code": "x"}).status_code == 403
    assert cast.client("ningbo_reporter").post(url, {"credit_code": "x"}).status_code == 404


def test_no_agency_joins_a_closed_campaign(cast: Cast, register: dict[str, Any]) -> None:  # noqa: F811
    campaign = _xihu_campaign(cast)
    actions.campaign_close(campaign=campaign, actor=cast.xihu, force=True, reason="测试")
    with pytest.raises(ValidationError, match="已关闭"):
        actions.campaign_add_agency(campaign=campaign, agency=cast.xihu_agency,
                                      actor=cast.xihu)
