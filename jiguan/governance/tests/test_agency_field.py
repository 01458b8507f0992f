"""The decision form picks its agency with the agency picker (jiguan/orgs/fields.py)."""

from __future__ import annotations

import re

from django.urls import reverse

from jiguan.conftest import Cast
from jiguan.governance.decisions.models import Decision


def _post(**over: str) -> dict[str, str]:
    return {"agency": "", "agency__q": "", "title": "办公区改造", "kind": "other",
            "amount_wan": "", "catalogue_item": "", "sponsor": "办公室", "summary": "", **over}


def test_the_create_page_draws_no_agency_option(cast: Cast) -> None:
    html = cast.client("province_admin").get(
        reverse("governance:decision_create")).content.decode()
    assert 'name="agency__q"' in html
    assert re.findall(r"<option[^>]*>[^<]*测试[局厅]", html) == []


def test_a_typed_name_or_the_picked_id_registers_the_decision(cast: Cast) -> None:
    client = cast.client("xihu")
    r = client.post(reverse("governance:decision_create"), _post(agency__q="西湖区测试局"))
    assert r.status_code == 302, r.content.decode()
    assert Decision.objects.get().agency == cast.xihu_agency
    r = client.post(reverse("governance:decision_create"),
                    _post(agency=str(cast.xihu_agency.pk), title="第二项"))
    assert r.status_code == 302 and Decision.objects.count() == 2


def test_an_ambiguous_name_asks_for_a_choice(cast: Cast) -> None:
    r = cast.client("province_admin").post(reverse("governance:decision_create"),
                                           _post(agency__q="测试局"))
    assert r.status_code == 422
    assert "有多个单位名称包含“测试局”，请从列表中选择或输入统一社会信用代码" in r.content.decode()
    assert not Decision.objects.exists()
