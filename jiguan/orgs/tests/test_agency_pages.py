"""Agencies and people through the pages and the API: bad input gets a Chinese message that
names the field, and nothing is written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast, make_credit_code
from jiguan.core.htmx import COUNT_CAP
from jiguan.orgs.models import Agency, Person
from jiguan.todo.models import Task


def _agency_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "杭州市西湖区新局", "credit_code": make_credit_code("330106", 99),
        "region": Region.objects.get(code="330106").pk, "level": "county", "type_code": "01",
        "authorized_headcount": 10, "actual_headcount": 9, "energy_headcount": "", "note": ""}
    data.update(overrides)
    return data


def test_a_bureau_creates_an_agency_and_its_history_shows_it(cast: Cast) -> None:
    client = cast.client("xihu")
    response = client.post(reverse("orgs:agency_create"), _agency_post())
    assert response.status_code == 302
    assert Agency.objects.filter(name="杭州市西湖区新局").exists()
    page = client.get(response.url).content.decode()
    assert "新增单位" in page and "xihu" in page


def test_editing_an_agency_saves_and_audits_the_change(cast: Cast) -> None:
    data = _agency_post(name="杭州市西湖区测试局（更名）",
                        credit_code=cast.xihu_agency.credit_code, authorized_headcount=50,
                        actual_headcount=45)
    response = cast.client("xihu").post(
        reverse("orgs:agency_edit", args=[cast.xihu_agency.pk]), data)
    assert response.status_code == 302
    cast.xihu_agency.refresh_from_db()
    assert cast.xihu_agency.name == "杭州市西湖区测试局（更名）"
    event = AuditEvent.objects.get(event_type="orgs.agency.updated")
    assert event.changes == {"name": ["杭州市西湖区测试局", "杭州市西湖区测试局（更名）"]}


def test_editing_a_person_saves_and_audits_the_change(cast: Cast) -> None:
    response = cast.client("xihu").post(
        reverse("orgs:person_edit", args=[cast.xihu_person.pk]),
        {"name": "张三", "staff_no": "", "post": "副局长", "rank": "section_deputy"})
    assert response.status_code == 302
    cast.xihu_person.refresh_from_db()
    assert (cast.xihu_person.post, cast.xihu_person.rank) == ("副局长", "section_deputy")
    event = AuditEvent.objects.get(event_type="orgs.person.updated")
    assert event.changes["post"] == ["局长", "副局长"]


def test_a_wrong_check_character_is_named(cast: Cast) -> None:
    good = make_credit_code("330106", 99)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = cast.client("xihu").post(reverse("orgs:agency_create"),
                                        _agency_post(credit_code=bad))
    assert response.status_code == 422
    assert "校验码错误" in response.content.decode()
    assert not Agency.objects.filter(name="杭州市西湖区新局").exists()


def test_a_negative_headcount_is_refused(cast: Cast) -> None:
    response = cast.client("xihu").post(reverse("orgs:agency_create"),
                                        _agency_post(authorized_headcount=-3))
    assert response.status_code == 422
    assert "不能为负数" in response.content.decode()


def test_a_region_out_of_scope_is_refused(cast: Cast) -> None:
    ningbo = Region.objects.get(code="330203").pk
    response = cast.client("xihu").post(reverse("orgs:agency_create"),
                                        _agency_post(region=ningbo))
    assert response.status_code == 422
    assert "不在您的权限范围内" in response.content.decode()


def test_the_api_names_an_unknown_region_code(cast: Cast) -> None:
    payload = {"name": "某局", "credit_code": make_credit_code("330106", 98),
               "region_code": "339999", "level": "county"}
    response = cast.client("province_admin").post("/api/v1/orgs/agencies",
                                                  json.dumps(payload),
                                                  content_type="application/json")
    assert response.status_code == 422
    assert "339999" in response.json()["errors"]["region_code"][0]


def test_the_api_names_a_negative_headcount_in_chinese(cast: Cast) -> None:
    payload = {"name": "某局", "credit_code": make_credit_code("330106", 98),
               "region_code": "330106", "level": "county", "authorized_headcount": -1}
    response = cast.client("province_admin").post("/api/v1/orgs/agencies",
                                                  json.dumps(payload),
                                                  content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors == [{"field": "authorized_headcount", "message": "不能小于 0"}]


def test_the_api_answers_malformed_json_without_a_server_error(cast: Cast) -> None:
    response = cast.client("province_admin").post("/api/v1/orgs/agencies", "{not json",
                                                  content_type="application/json")
    assert response.status_code in (400, 422)


def test_a_rank_from_another_level_is_refused(cast: Cast) -> None:
    response = cast.client("xihu").post(
        reverse("orgs:person_create", args=[cast.xihu_agency.pk]),
        {"name": "王五", "staff_no": "", "post": "", "rank": "division_head"})
    assert response.status_code == 422
    assert "该职级不属于本单位层级" in response.content.decode()
    response = cast.client("xihu").post("/api/v1/orgs/people", json.dumps(
        {"agency_id": cast.xihu_agency.pk, "name": "王五", "rank": "正处级"}),
        content_type="application/json")
    assert response.status_code == 422
    assert "可选：县级正职" in response.json()["errors"]["rank"][0]
    assert not Person.objects.filter(name="王五").exists()


def test_retirement_opens_a_to_do_to_take_back_the_office(cast: Cast) -> None:
    response = cast.client("xihu").post(
        reverse("orgs:person_status", args=[cast.xihu_person.pk]),
        {"status": "retired", "status_date": "2026-11-01"})
    assert response.status_code == 302
    task = Task.objects.get(kind="orgs.office_return")
    assert task.due_date == dt.date(2026, 12, 1)
    assert task.agency == cast.xihu_agency
    # Back in service: the to-do closes itself.
    cast.client("xihu").post(reverse("orgs:person_status", args=[cast.xihu_person.pk]),
                             {"status": "serving", "status_date": ""})
    task.refresh_from_db()
    assert task.is_done


def test_the_agency_reporter_sees_the_to_do_in_the_inbox(cast: Cast) -> None:
    cast.client("province_admin").post(
        reverse("orgs:person_status", args=[cast.ningbo_person.pk]),
        {"status": "transferred", "status_date": "2026-11-01"})
    page = cast.client("ningbo_reporter").get(reverse("todo:inbox")).content.decode()
    assert "收回李四（调离）的办公用房" in page
    assert "收回李四" not in cast.client("xihu").get(reverse("todo:inbox")).content.decode()


def test_archiving_keeps_the_agency(cast: Cast) -> None:
    response = cast.client("hangzhou").post(
        reverse("orgs:agency_status", args=[cast.xihu_agency.pk]),
        {"status": "merged", "status_date": "2026-06-30",
         "merged_into_credit_code": cast.hangzhou_agency.credit_code})
    assert response.status_code == 302, response.content.decode()[:500]
    cast.xihu_agency.refresh_from_db()
    assert cast.xihu_agency.status == "merged"
    assert cast.xihu_agency.merged_into == cast.hangzhou_agency
    assert AuditEvent.objects.filter(event_type="orgs.agency.status_changed").exists()


def test_merging_into_an_agency_out_of_scope_is_refused(cast: Cast) -> None:
    response = cast.client("xihu").post(
        reverse("orgs:agency_status", args=[cast.xihu_agency.pk]),
        {"status": "merged", "status_date": "2026-06-30",
         "merged_into_credit_code": cast.ningbo_agency.credit_code})
    assert response.status_code == 422
    assert "须在您的权限范围内" in response.content.decode()
    cast.xihu_agency.refresh_from_db()
    assert cast.xihu_agency.status == "active"


def test_lists_filter_and_paginate_without_errors(cast: Cast) -> None:
    client = cast.client("province_admin")
    assert client.get(reverse("orgs:agency_list"), {"page": "9999"}).status_code == 200
    assert client.get(reverse("orgs:agency_list"), {"page": "abc"}).status_code == 200
    page = client.get(reverse("orgs:agency_list"), {"q": "西湖"}).content.decode()
    assert "杭州市西湖区测试局" in page and "宁波市海曙区测试局" not in page
    assert client.get(reverse("orgs:agency_list"), {"region": "99999999"}).status_code == 200


def test_a_searched_list_counts_to_the_search_cap_and_a_plain_list_does_not(
        cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """While searching, the people list counts at most SEARCH_COUNT_CAP matches
    ("超过 … 条"); the same rows unsearched are counted in full."""
    from jiguan.orgs import views

    for i in range(3):
        Person.objects.create(name=f"鑫测{i}", agency=cast.xihu_agency, rank="below_section")
    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 2)
    client = cast.client("xihu")
    searched = client.get(reverse("orgs:person_list"), {"q": "鑫测"}).context["page_obj"]
    assert (searched.paginator.cap, searched.paginator.count) == (2, 2)
    assert searched.paginator.more
    plain = client.get(reverse("orgs:person_list")).context["page_obj"].paginator
    assert plain.cap == COUNT_CAP and not plain.more
