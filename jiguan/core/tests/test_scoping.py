"""core.scoping: one ScopedQuerySet for every scoped model, visible_or_404, ScopedModel; and
core.web.formviews.form_action, the POST-form-action-redirect page shape."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory

from jiguan.conftest import Cast
from jiguan.core.scoping import ScopedModel, ScopedQuerySet, visible_or_404
from jiguan.core.web.formviews import form_action
from jiguan.orgs.models import Agency, Person


class AgencyScope(ScopedQuerySet[Agency]):
    scope_perm = "view_orgs"
    region_path_field = "region__path"
    agency_field = "pk"


class PersonByRegionOnly(ScopedQuerySet[Person]):
    scope_perm = "view_orgs"
    region_path_field = "agency__region__path"
    agency_field = None


def _names(qs: Any) -> set[str]:
    return set(qs.values_list("name", flat=True))


def test_region_grants_see_their_subtree_and_agency_grants_their_agency(cast: Cast) -> None:
    qs = AgencyScope(model=Agency)
    assert _names(qs.visible_to(cast.province_admin)) >= {
        "浙江省测试厅", "杭州市测试局", "杭州市西湖区测试局", "宁波市海曙区测试局"}
    assert _names(qs.visible_to(cast.hangzhou)) == {"杭州市测试局", "杭州市西湖区测试局"}
    assert _names(qs.visible_to(cast.xihu)) == {"杭州市西湖区测试局"}
    assert _names(qs.visible_to(cast.ningbo_reporter)) == {"宁波市海曙区测试局"}
    assert not qs.visible_to(cast.outsider).exists()
    # a permission the grant does not hold sees nothing
    assert not qs.visible_to(cast.hangzhou, "manage_users").exists()


def test_rows_seen_by_region_only_are_not_shown_to_agency_grants(cast: Cast) -> None:
    qs = PersonByRegionOnly(model=Person)
    assert _names(qs.visible_to(cast.xihu)) == {"张三"}
    assert not qs.visible_to(cast.ningbo_reporter).exists()


def test_visible_or_404_answers_outside_scope_as_missing(cast: Cast) -> None:
    qs = AgencyScope(model=Agency)
    assert visible_or_404(qs, cast.xihu, pk=cast.xihu_agency.pk) == cast.xihu_agency
    for pk in (cast.ningbo_agency.pk, 10**9, "x", 2**70):
        with pytest.raises(Http404):
            visible_or_404(qs, cast.xihu, pk=pk)


class _Fake(ScopedModel):
    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"

    class Meta:
        abstract = True


def test_scoped_model_answers_what_require_asks(cast: Cast) -> None:
    obj: Any = object.__new__(_Fake)  # type: ignore[type-abstract]
    obj.__dict__.update(agency=cast.xihu_agency, agency_id=cast.xihu_agency.pk)
    assert obj.scope_region_path == cast.xihu_agency.region.path
    assert obj.scope_agency_id == cast.xihu_agency.pk


class _NameForm(forms.Form):
    name = forms.CharField(label="名称")


def _post(data: dict[str, str]) -> Any:
    request: Any = RequestFactory().post("/x", data)
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    return request


def _act(data: dict[str, Any]) -> str:
    if data["name"] == "坏":
        raise ValidationError({"name": "名称不能为“坏”"})
    return data["name"]


@pytest.mark.django_db
def test_form_action_redirects_on_success_and_shows_refusals_with_422() -> None:
    ok = form_action(_post({"name": "好"}), _NameForm({"name": "好"}), act=_act,
                     done=lambda name: f"/done/{len(name)}", template="core/form_fields.html",
                     message="已保存")
    assert ok.status_code == 302 and ok["Location"] == "/done/1"

    form = _NameForm({"name": "坏"})
    refused = form_action(_post({"name": "坏"}), form, act=_act, done="/done",
                          template="core/form_fields.html")
    assert refused.status_code == 422
    assert form.errors["name"] == ["名称不能为“坏”"]

    invalid = _NameForm({"name": ""})
    called: list[Any] = []
    res = form_action(_post({"name": ""}), invalid, act=lambda d: called.append(d),
                      done="/done", template="core/form_fields.html")
    assert res.status_code == 422 and called == []
