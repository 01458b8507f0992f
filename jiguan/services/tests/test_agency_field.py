"""The purchase form picks its agency with the agency picker (jiguan/orgs/fields.py): no
<option> per agency on the page, and a typed credit code is enough without JavaScript."""

from __future__ import annotations

import re

from django.urls import reverse

from jiguan.services.purchases.models import Purchase
from jiguan.services.tests.fixtures import YEAR, Services, item


def _post(services: Services, **over: str) -> dict[str, object]:
    return {"agency": "", "agency__q": "", "year": YEAR, "title": "机关办公区保洁服务",
            "budget_line": "部门预算·物业管理费", "budget_amount": "300000",
            "method": "consultation", "item_1": item("0301").pk, "quantity_1": "5000",
            "unit_price_1": "4.5", "note": "", **over}


def test_the_create_page_draws_no_agency_option(services: Services) -> None:
    html = services.cast.client("province_admin").get(
        reverse("services:purchase_create")).content.decode()
    assert 'name="agency__q"' in html and 'type="hidden" name="agency"' in html
    assert re.findall(r"<option[^>]*>[^<]*测试[局厅]", html) == []


def test_a_typed_credit_code_or_the_picked_id_registers_the_purchase(
        services: Services) -> None:
    c = services.cast
    client = c.client("xihu")
    r = client.post(reverse("services:purchase_create"),
                    _post(services, agency__q=c.xihu_agency.credit_code))
    assert r.status_code == 302
    assert Purchase.objects.get().agency == c.xihu_agency
    r = client.post(reverse("services:purchase_create"), _post(
        services, agency=str(c.xihu_agency.pk),
        agency__q=f"{c.xihu_agency.name}（{c.xihu_agency.credit_code}）", title="第二项"))
    assert r.status_code == 302 and Purchase.objects.count() == 2


def test_another_countys_agency_is_refused_by_id_and_by_code(services: Services) -> None:
    c = services.cast
    client = c.client("xihu")
    r = client.post(reverse("services:purchase_create"),
                    _post(services, agency=str(c.ningbo_agency.pk)))
    assert r.status_code == 422 and "所选单位不在您的权限范围内" in r.content.decode()
    r = client.post(reverse("services:purchase_create"),
                    _post(services, agency__q=c.ningbo_agency.credit_code))
    assert r.status_code == 422 and "未找到该单位" in r.content.decode()
    assert not Purchase.objects.exists()
