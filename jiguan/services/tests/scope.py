"""The services endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py).
Objects are made inside the url lambdas, idempotently: the province's published catalogue
and a draft Xihu catalogue narrowed from it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiguan.conftest import Cast, make_credit_code
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.services.catalogue import actions
from jiguan.services.catalogue.models import Catalogue, ServiceItem
from jiguan.services.standards.models import ServiceStandard
from jiguan.services.tests.fixtures import YEAR, region, seed

ACTORS = ("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor", "outsider")
READ_ALL = {**dict.fromkeys(ACTORS, 200), "outsider": 403}
# A published catalogue: every holder of the permission reads it; no grant answers 404.
PUBLISHED = {**READ_ALL, "outsider": 404}
XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 404}
XIHU_WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404}
XIHU_API_WRITE = {**XIHU_WRITE, "province_admin": 200, "hangzhou": 200, "xihu": 200}
# Forms that need the bureau's permission anywhere (no object yet).
BUREAU_FORM = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 403,
               "auditor": 403, "outsider": 403}
BUREAU_API_POST = {**BUREAU_FORM}


def _province(c: Cast) -> Catalogue:
    seed()
    found = Catalogue.objects.filter(region__code="330000", year=YEAR).first()
    if found is None:
        found = actions.catalogue_create(region=region("330000"), year=YEAR, title="省目录",
                                         actor=c.province_admin)
        found = actions.catalogue_publish(catalogue=found, actor=c.province_admin)
    return found


def _xihu(c: Cast) -> Catalogue:
    _province(c)
    found = Catalogue.objects.filter(region__code="330106", year=YEAR).first()
    return found or actions.catalogue_create(region=region("330106"), year=YEAR,
                                             title="西湖区目录", actor=c.xihu)


def _standard(c: Cast) -> ServiceStandard:
    seed()
    return ServiceStandard.objects.order_by("pk").first()  # type: ignore[return-value]


def _items(c: Cast) -> dict[str, Any]:
    _xihu(c)
    return {"items": [i.pk for i in ServiceItem.objects.exclude(code="0702")]}


def _price(c: Cast) -> dict[str, Any]:
    seed()
    return {"region_code": "330106", "item_code": "0301", "year": YEAR, "low": "3",
            "high": "6", "note": ""}


def _supplier(c: Cast) -> dict[str, Any]:
    return {"name": "矩阵测试公司", "credit_code": make_credit_code("330106", 931, "91"),
            "kind": "enterprise", "region_code": "330106"}


SCOPE_MATRIX: list[Endpoint] = [
    Endpoint("services:home", "GET", lambda c: reverse("services:home"), READ_ALL),
    Endpoint("services:catalogue_list", "GET", lambda c: reverse("services:catalogue_list"),
             READ_ALL),
    Endpoint("services:catalogue_create", "GET",
             lambda c: reverse("services:catalogue_create"), BUREAU_FORM),
    # The province's published catalogue is read by every holder of the permission.
    Endpoint("services:catalogue_detail(published)", "GET",
             lambda c: reverse("services:catalogue_detail", args=[_province(c).pk]), PUBLISHED),
    Endpoint("services:catalogue_detail(draft)", "GET",
             lambda c: reverse("services:catalogue_detail", args=[_xihu(c).pk]), XIHU_READ),
    Endpoint("services:catalogue_narrow", "POST",
             lambda c: reverse("services:catalogue_narrow", args=[_xihu(c).pk]), XIHU_WRITE,
             data=_items),
    Endpoint("services:catalogue_publish", "POST",
             lambda c: reverse("services:catalogue_publish", args=[_xihu(c).pk]), XIHU_WRITE,
             data=lambda c: {"doc_no": "", "on": ""}),
    Endpoint("services:negative_list", "GET", lambda c: reverse("services:negative_list"),
             READ_ALL),
    Endpoint("services:price_list", "GET", lambda c: reverse("services:price_list"), READ_ALL),
    Endpoint("services:price_export", "GET", lambda c: reverse("services:price_export"),
             READ_ALL),
    Endpoint("services:price_set", "GET", lambda c: reverse("services:price_set"), BUREAU_FORM),
    Endpoint("services:supplier_list", "GET", lambda c: reverse("services:supplier_list"),
             READ_ALL),
    Endpoint("services:supplier_export", "GET", lambda c: reverse("services:supplier_export"),
             READ_ALL),
    Endpoint("services:supplier_create", "GET", lambda c: reverse("services:supplier_create"),
             BUREAU_FORM),
    Endpoint("services:standard_list", "GET", lambda c: reverse("services:standard_list"),
             READ_ALL),
    Endpoint("services:standard_detail", "GET",
             lambda c: reverse("services:standard_detail", args=[_standard(c).pk]), READ_ALL),
    Endpoint("services:standard_version", "GET",
             lambda c: reverse("services:standard_version", args=[_standard(c).pk]),
             BUREAU_FORM),
    Endpoint("services:pilot_add", "GET",
             lambda c: reverse("services:pilot_add", args=[_standard(c).pk]), BUREAU_FORM),
    Endpoint("services:standard_item_edit", "GET",
             lambda c: reverse("services:standard_item_edit",
                               args=[_standard(c).items.first().pk]),  # type: ignore[union-attr]
             BUREAU_FORM),
    # API
    Endpoint("services:api_catalogues", "GET", lambda c: "/api/v1/services/catalogues",
             READ_ALL, api=True),
    Endpoint("services:api_catalogue(published)", "GET",
             lambda c: f"/api/v1/services/catalogues/{_province(c).pk}", PUBLISHED, api=True),
    Endpoint("services:api_catalogue(draft)", "GET",
             lambda c: f"/api/v1/services/catalogues/{_xihu(c).pk}", XIHU_READ, api=True),
    Endpoint("services:api_catalogue_narrow", "POST",
             lambda c: f"/api/v1/services/catalogues/{_xihu(c).pk}/narrow", XIHU_API_WRITE,
             data=lambda c: {"item_codes": ["0301", "0302"]}, api=True),
    Endpoint("services:api_catalogue_publish", "POST",
             lambda c: f"/api/v1/services/catalogues/{_xihu(c).pk}/publish", XIHU_API_WRITE,
             data=lambda c: {}, api=True),
    Endpoint("services:api_catalogue_create", "POST",
             lambda c: (_province(c), "/api/v1/services/catalogues")[1],
             {"province_admin": 201, "hangzhou": 201, "xihu": 404, "ningbo_reporter": 403,
              "auditor": 403, "outsider": 403},
             data=lambda c: {"region_code": "330100", "year": YEAR, "title": "杭州市目录"},
             api=True),
    Endpoint("services:api_negative", "GET", lambda c: "/api/v1/services/negative-list",
             READ_ALL, api=True),
    Endpoint("services:api_prices", "GET", lambda c: "/api/v1/services/prices", READ_ALL,
             api=True),
    Endpoint("services:api_price_set", "POST", lambda c: "/api/v1/services/prices",
             BUREAU_API_POST, data=_price, api=True),
    Endpoint("services:api_suppliers", "GET", lambda c: "/api/v1/services/suppliers", READ_ALL,
             api=True),
    Endpoint("services:api_supplier_create", "POST", lambda c: "/api/v1/services/suppliers",
             {**BUREAU_API_POST, "province_admin": 201, "hangzhou": 201, "xihu": 201},
             data=_supplier, api=True),
    Endpoint("services:api_standards", "GET", lambda c: "/api/v1/services/standards",
             READ_ALL, api=True),
    Endpoint("services:api_standard", "GET",
             lambda c: f"/api/v1/services/standards/{_standard(c).pk}", READ_ALL, api=True),
    Endpoint("services:api_standard_pilots", "GET",
             lambda c: f"/api/v1/services/standards/{_standard(c).pk}/pilots", READ_ALL,
             api=True),
]
