"""The agency picker (jiguan/orgs/fields.py): a field that never renders the agencies of
its queryset, resolves a typed name or credit code, refuses what is outside its queryset,
and its suggestions endpoint, which answers only inside the user's scope."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django import forms
from django.core import signing
from django.http import QueryDict
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.conftest import Cast, make_credit_code
from jiguan.orgs.fields import (
    AMBIGUOUS,
    NOT_FOUND,
    OUT_OF_SCOPE,
    PICK_LIMIT,
    AgencyChoiceField,
    pick_token,
    read_pick_token,
)
from jiguan.orgs.models import Agency, AgencyStatus


class PickForm(forms.Form):
    agency = AgencyChoiceField(label="单位")
    optional = AgencyChoiceField(label="另一单位", required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["optional"].queryset = agencies  # type: ignore[attr-defined]


def _many(region_code: str, count: int, name: str = "杭州市西湖区第{}测试所") -> list[Agency]:
    region = Region.objects.get(code=region_code)
    return Agency.objects.bulk_create(
        Agency(name=name.format(n), region=region, level="county",
               credit_code=make_credit_code(region_code, 1000 + n)) for n in range(count))


def _posted(agency: str = "", text: str | None = None, **more: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data["agency"] = agency
    if text is not None:
        data["agency__q"] = text
    for key, value in more.items():
        data[key] = value
    return data


def _pick(client: Any, text: str, token: str = "") -> tuple[int, str]:
    response = client.get(reverse("orgs:agency_pick"), {"s": token, "agency__q": text})
    return response.status_code, response.content.decode()


# --- the widget -------------------------------------------------------------------------------

def test_rendering_reads_no_agency_and_draws_no_option(cast: Cast,
                                                       django_assert_num_queries: Any) -> None:
    _many("330106", 300)
    form = PickForm(agencies=Agency.objects.visible_to(cast.province_admin))
    with django_assert_num_queries(0):
        html = form.as_div()
    assert "<option" not in html and "<select" not in html
    assert 'name="agency__q"' in html and 'type="hidden" name="agency"' in html
    assert 'hx-get="/orgs/agencies/pick/?s=' in html
    assert '<label for="id_agency">' in html  # the label points at the text box


def test_a_chosen_agency_is_shown_by_one_query_inside_the_queryset(
        cast: Cast, django_assert_num_queries: Any) -> None:
    _many("330106", 300)
    agencies = Agency.objects.visible_to(cast.xihu)
    form = PickForm(initial={"agency": cast.xihu_agency.pk}, agencies=agencies)
    with django_assert_num_queries(1):
        html = str(form["agency"])
    assert f'value="{cast.xihu_agency.pk}"' in html
    assert f"杭州市西湖区测试局（{cast.xihu_agency.credit_code}）" in html
    # An id outside the queryset (posted by hand) is never named back on the page.
    form = PickForm(_posted(str(cast.ningbo_agency.pk)), agencies=agencies)
    assert not form.is_valid()
    assert cast.ningbo_agency.name not in str(form["agency"])


def test_an_agency_instance_as_initial_needs_no_query(cast: Cast,
                                                       django_assert_num_queries: Any) -> None:
    form = PickForm(initial={"agency": cast.xihu_agency},
                    agencies=Agency.objects.visible_to(cast.xihu))
    with django_assert_num_queries(0):
        html = str(form["agency"])
    assert cast.xihu_agency.credit_code in html


def test_the_suggestions_ask_the_permission_of_the_form_queryset(cast: Cast) -> None:
    rows = Agency.objects.visible_to(cast.xihu, Perm.APPLY_SPACE).active().order_by("name")
    assert (rows.pick_perm, rows.pick_active) == (Perm.APPLY_SPACE, True)
    form = PickForm(agencies=rows)
    url = re.search(r'hx-get="([^"]+)"', str(form["agency"]))
    assert url is not None
    token = parse_qs(urlparse(url.group(1).replace("&amp;", "&")).query)["s"][0]
    assert read_pick_token(token) == ("apply_space", True)
    plain = Agency.objects.visible_to(cast.xihu)
    assert (plain.pick_perm, plain.pick_active) == ("view_orgs", False)


# --- the field --------------------------------------------------------------------------------

def test_the_hidden_id_alone_is_what_the_api_posts(cast: Cast) -> None:
    form = PickForm({"agency": cast.xihu_agency.pk},
                    agencies=Agency.objects.visible_to(cast.xihu))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agency"] == cast.xihu_agency
    assert form.cleaned_data["optional"] is None


@pytest.mark.parametrize("typed", ["credit_code", "lower_code", "name", "label", "part"])
def test_typed_text_is_resolved_without_javascript(cast: Cast, typed: str) -> None:
    agency = cast.xihu_agency
    text = {"credit_code": agency.credit_code, "lower_code": f" {agency.credit_code.lower()} ",
            "name": agency.name, "label": f"{agency.name}（{agency.credit_code}）",
            "part": "西湖区测试"}[typed]
    form = PickForm(_posted("", text), agencies=Agency.objects.visible_to(cast.province_admin))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agency"] == agency


def test_a_full_name_wins_over_the_names_containing_it(cast: Cast) -> None:
    _many("330106", 2, name="杭州市西湖区测试局第{}分局")
    form = PickForm(_posted("", "杭州市西湖区测试局"),
                    agencies=Agency.objects.visible_to(cast.xihu))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agency"] == cast.xihu_agency


def test_not_found_and_ambiguous_are_named(cast: Cast) -> None:
    agencies = Agency.objects.visible_to(cast.province_admin)
    form = PickForm(_posted("", "没有这个单位"), agencies=agencies)
    assert not form.is_valid()
    assert form.errors["agency"] == [NOT_FOUND]
    form = PickForm(_posted("", "测试局"), agencies=agencies)
    assert not form.is_valid()
    assert form.errors["agency"] == [AMBIGUOUS.format(text="测试局")]
    assert "有多个单位名称包含“测试局”" in form.errors["agency"][0]
    # The typed text stays in the box for the user to complete.
    assert 'value="测试局"' in str(form["agency"])


def test_the_text_is_resolved_in_the_form_queryset_only(cast: Cast) -> None:
    # Ningbo's agency is outside Xihu's scope: its credit code and its name are not found,
    # and "测试局" names one agency only in Xihu's scope.
    agencies = Agency.objects.visible_to(cast.xihu)
    for text in (cast.ningbo_agency.credit_code, cast.ningbo_agency.name):
        form = PickForm(_posted("", text), agencies=agencies)
        assert form.errors["agency"] == [NOT_FOUND]
    form = PickForm(_posted("", "测试局"), agencies=agencies)
    assert form.is_valid() and form.cleaned_data["agency"] == cast.xihu_agency
    # An archived agency is outside a form's active() queryset.
    Agency.objects.filter(pk=cast.xihu_agency.pk).update(status=AgencyStatus.ABOLISHED,
                                                         status_date="2026-01-01")
    form = PickForm(_posted("", cast.xihu_agency.credit_code), agencies=agencies.active())
    assert form.errors["agency"] == [NOT_FOUND]


@pytest.mark.parametrize("posted", ["ningbo", "missing", "word", "huge", "negative"])
def test_an_id_outside_the_queryset_is_refused_in_chinese(cast: Cast, posted: str) -> None:
    pk = {"ningbo": str(cast.ningbo_agency.pk), "missing": "999999", "word": "abc",
          "huge": "9" * 30, "negative": "-1"}[posted]
    for data in ({"agency": pk}, _posted(pk, "杭州市西湖区测试局")):
        form = PickForm(data, agencies=Agency.objects.visible_to(cast.xihu))
        assert not form.is_valid()
        assert form.errors["agency"] == [OUT_OF_SCOPE]


def test_a_form_keeps_its_own_messages(cast: Cast) -> None:
    class Own(forms.Form):
        agency = AgencyChoiceField(label="单位", error_messages={
            "required": "请选择用车单位", "invalid_choice": "单位不在您的权限范围内"})

    form = Own({"agency": str(cast.ningbo_agency.pk)})
    assert form.errors["agency"] == ["单位不在您的权限范围内"]
    assert Own({"agency": ""}).errors["agency"] == ["请选择用车单位"]


def test_text_changed_after_a_pick_wins_and_an_empty_box_leaves_the_id(cast: Cast) -> None:
    agencies = Agency.objects.visible_to(cast.province_admin)
    # Without JavaScript the hidden id stays when the user types another agency.
    form = PickForm(_posted(str(cast.xihu_agency.pk), cast.ningbo_agency.credit_code),
                    agencies=agencies)
    assert form.is_valid() and form.cleaned_data["agency"] == cast.ningbo_agency
    # The id with its own label (what a pick leaves) is the id.
    form = PickForm(_posted(str(cast.xihu_agency.pk),
                            f"{cast.xihu_agency.name}（{cast.xihu_agency.credit_code}）"),
                    agencies=agencies)
    assert form.is_valid() and form.cleaned_data["agency"] == cast.xihu_agency
    form = PickForm(_posted(str(cast.xihu_agency.pk), "  ", optional="", optional__q=""),
                    agencies=agencies)
    assert form.is_valid() and form.cleaned_data["agency"] == cast.xihu_agency
    assert form.cleaned_data["optional"] is None
    form = PickForm(_posted("", ""), agencies=agencies)
    assert form.errors["agency"] == ["这个字段是必填项。"]


# --- the endpoint -----------------------------------------------------------------------------

def test_suggestions_stay_in_the_users_scope(cast: Cast) -> None:
    status, html = _pick(cast.client("xihu"), "测试局")
    assert status == 200
    assert cast.xihu_agency.name in html and cast.xihu_agency.credit_code in html
    assert cast.ningbo_agency.name not in html and cast.hangzhou_agency.name not in html
    status, html = _pick(cast.client("ningbo_reporter"), "测试局")
    assert cast.ningbo_agency.name in html and cast.xihu_agency.name not in html
    status, html = _pick(cast.client("province_admin"), "测试")
    assert html.count('data-pick-id="') == 4
    # By credit code, and another county's code finds nothing for Xihu.
    status, html = _pick(cast.client("province_admin"), cast.ningbo_agency.credit_code.lower())
    assert html.count('data-pick-id="') == 1 and cast.ningbo_agency.name in html
    status, html = _pick(cast.client("xihu"), cast.ningbo_agency.credit_code)
    assert 'data-pick-id="' not in html and "未找到匹配的单位" in html


def test_suggestions_are_capped_and_say_so(cast: Cast) -> None:
    _many("330106", PICK_LIMIT + 5)
    status, html = _pick(cast.client("xihu"), "测试所")
    assert html.count('data-pick-id="') == PICK_LIMIT
    assert f"仅显示前 {PICK_LIMIT} 个" in html
    status, html = _pick(cast.client("xihu"), "")
    assert status == 200 and html.strip() == ""


def test_suggestions_follow_the_signed_permission_and_active_flag(cast: Cast) -> None:
    Agency.objects.filter(pk=cast.xihu_agency.pk).update(status=AgencyStatus.ABOLISHED,
                                                         status_date="2026-01-01")
    client = cast.client("xihu")
    assert cast.xihu_agency.name in _pick(client, "测试局", pick_token("view_orgs", False))[1]
    assert cast.xihu_agency.name not in _pick(client, "测试局",
                                              pick_token("view_orgs", True))[1]
    # The auditor reads the register but may not apply for space: 403, not a list.
    assert _pick(cast.client("auditor"), "测试", pick_token(Perm.APPLY_SPACE, True))[0] == 403
    # A forged permission is refused.
    forged = signing.dumps(["manage_users", True], salt="another-salt")
    assert _pick(client, "测试局", forged)[0] == 400
    assert _pick(client, "测试局", "not-a-token")[0] == 400


def test_suggestions_need_a_login_and_a_grant(cast: Cast, client: Any) -> None:
    response = client.get(reverse("orgs:agency_pick"), {"agency__q": "测试"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert _pick(cast.client("outsider"), "测试")[0] == 403
