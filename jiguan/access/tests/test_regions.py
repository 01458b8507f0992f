from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.access.accounts import actions
from jiguan.access.models import Region
from jiguan.access.regions.load import load_province
from jiguan.conftest import Cast


@pytest.mark.django_db
def test_zhejiang_has_11_cities_and_90_counties() -> None:
    province = Region.objects.get(code="330000")
    assert province.level == "province"
    assert Region.objects.filter(level="city", parent=province).count() == 11
    assert Region.objects.filter(level="county", path__startswith=province.path).count() == 90


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    result = load_province("330000")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 102)


@pytest.mark.django_db
def test_hangzhou_and_ningbo_are_sub_provincial() -> None:
    subs = set(Region.objects.filter(sub_provincial=True).values_list("code", flat=True))
    assert subs == {"330100", "330200"}


@pytest.mark.django_db
def test_the_subtree_of_hangzhou_holds_xihu_but_not_haishu() -> None:
    hangzhou = Region.objects.get(code="330100")
    codes = set(Region.objects.subtree(hangzhou).values_list("code", flat=True))
    assert "330106" in codes and "330203" not in codes and len(codes) == 14


def test_a_province_admin_adds_a_township(cast: Cast) -> None:
    response = cast.client("province_admin").post(
        reverse("orgs:township_create", args=["330106"]), {"code": "330106001", "name": "北山街道"})
    assert response.status_code == 302
    township = Region.objects.get(code="330106001")
    assert township.level == "township" and township.path == "/330000/330100/330106/330106001/"


def test_a_township_code_must_start_with_its_county(cast: Cast) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.township_create(parent=Region.objects.get(code="330106"), code="330105001",
                                name="错误街道", actor=cast.province_admin)
    assert "330106" in exc.value.message_dict["code"][0]


def test_the_township_form_shows_the_error_in_chinese(cast: Cast) -> None:
    response = cast.client("province_admin").post(
        reverse("orgs:township_create", args=["330106"]), {"code": "abc", "name": "某街道"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "乡级区划代码应为" in body


@pytest.mark.django_db
def test_a_district_of_a_sub_provincial_city_is_in_one() -> None:
    assert Region.objects.get(code="330106").in_sub_provincial_city  # 西湖区, 杭州
    assert Region.objects.get(code="330100").in_sub_provincial_city
    assert not Region.objects.get(code="330302").in_sub_provincial_city  # 鹿城区, 温州
    assert not Region.objects.get(code="330000").in_sub_provincial_city
