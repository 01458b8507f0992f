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
from jiguan.services.purchases import actions as purchase_actions
from jiguan.services.purchases.models import Purchase
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


# Purchases (branch purchases): a purchase of the Xihu test agency, walked to a status.
BUY_FORM = {**BUREAU_FORM, "ningbo_reporter": 200}
XIHU_STEP = {**XIHU_WRITE}
XIHU_API_STEP = {**XIHU_API_WRITE}
_WALK = ("planned", "procured", "contracted", "in_service", "evaluated")


def _purchase(c: Cast, status: str = "planned") -> Purchase:
    import datetime as dt
    from decimal import Decimal

    from jiguan.services.catalogue.models import Supplier

    _province(c)
    p = Purchase.objects.filter(title="矩阵测试保洁").first()
    if p is None:
        p = purchase_actions.purchase_create(data={
            "agency": c.xihu_agency, "year": YEAR, "title": "矩阵测试保洁",
            "budget_line": "部门预算", "budget_amount": Decimal(100000),
            "method": "consultation",
            "lines": [{"item": ServiceItem.objects.get(code="0301"),
                       "quantity": Decimal(1000), "unit_price": None}]}, actor=c.xihu)
    day = dt.date(YEAR, 3, 1)
    while _WALK.index(p.status) < _WALK.index(status):
        if p.status == "planned":
            supplier = Supplier.objects.first() or actions.supplier_register(
                data=_supplier(c), region=region("330106"), actor=c.xihu)
            purchase_actions.purchase_procure(purchase=p, supplier=supplier, procured_on=day,
                                              actor=c.xihu)
        elif p.status == "procured":
            from jiguan.services.purchases.forms import ContractForm

            form = ContractForm({**_contract(c), "published_on": f"{YEAR}-03-01"})
            assert form.is_valid(), form.errors
            purchase_actions.purchase_contract(purchase=p, data=form.cleaned_data,
                                               actor=c.xihu)
        elif p.status == "contracted":
            purchase_actions.purchase_start(purchase=p, started_on=day, actor=c.xihu)
        elif p.status == "in_service":
            purchase_actions.purchase_evaluate(purchase=p, actor=c.xihu)
        p.refresh_from_db()
    return p


def _contract(c: Cast) -> dict[str, Any]:
    return {"contract_no": "JZ-1", "price": "90000", "signed_on": f"{YEAR}-03-01",
            "start_date": f"{YEAR}-03-01", "end_date": f"{YEAR}-12-31",
            "long_term_reason": "", "published_on": "", "settlement": "quarter",
            "pay_excellent": "100", "pay_good": "100", "pay_pass": "90", "pay_fail": "0"}


def _contract_api(c: Cast) -> dict[str, Any]:
    return {k: v for k, v in _contract(c).items() if k != "published_on"}


def _procure(c: Cast) -> dict[str, Any]:
    from jiguan.services.catalogue.models import Supplier

    supplier = Supplier.objects.first() or actions.supplier_register(
        data=_supplier(c), region=region("330106"), actor=c.xihu)
    return {"supplier": supplier.pk, "procured_on": f"{YEAR}-02-20"}


def _purchase_api(c: Cast) -> dict[str, Any]:
    _province(c)
    return {"agency_id": c.xihu_agency.pk, "year": YEAR, "title": "矩阵接口保洁",
            "budget_line": "部门预算", "budget_amount": "100000", "method": "inquiry",
            "lines": [{"item_code": "0301", "quantity": "1000"}]}


def _step(name: str, status: str, data: Any) -> Endpoint:
    return Endpoint(f"services:{name}", "POST",
                    lambda c: reverse(f"services:{name}", args=[_purchase(c, status).pk]),
                    XIHU_STEP, data=data)


def _api_step(step: str, status: str, data: Any) -> Endpoint:
    return Endpoint(f"services:api_purchase_{step}", "POST",
                    lambda c: f"/api/v1/services/purchases/{_purchase(c, status).pk}/{step}",
                    XIHU_API_STEP, data=data, api=True)


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
    # purchases (branch purchases)
    Endpoint("services:purchase_list", "GET", lambda c: reverse("services:purchase_list"),
             READ_ALL),
    Endpoint("services:purchase_export", "GET", lambda c: reverse("services:purchase_export"),
             READ_ALL),
    Endpoint("services:purchase_figures", "GET",
             lambda c: reverse("services:purchase_figures"), READ_ALL),
    Endpoint("services:purchase_create", "GET", lambda c: reverse("services:purchase_create"),
             BUY_FORM),
    Endpoint("services:purchase_detail", "GET",
             lambda c: reverse("services:purchase_detail", args=[_purchase(c).pk]), XIHU_READ),
    _step("purchase_procure", "planned", _procure),
    _step("purchase_contract", "procured", _contract),
    _step("contract_publish", "contracted", lambda c: {"published_on": f"{YEAR}-03-02"}),
    _step("purchase_start", "contracted",
          lambda c: (_purchase(c, "contracted"), {"started_on": f"{YEAR}-03-03"})[1]),
    _step("purchase_evaluate", "in_service", lambda c: {"note": "评价完成"}),
    _step("purchase_close", "evaluated", lambda c: {"note": "关闭"}),
    Endpoint("services:api_purchases", "GET", lambda c: "/api/v1/services/purchases",
             READ_ALL, api=True),
    Endpoint("services:api_purchase_figures", "GET",
             lambda c: "/api/v1/services/purchases/figures", READ_ALL, api=True),
    Endpoint("services:api_purchase", "GET",
             lambda c: f"/api/v1/services/purchases/{_purchase(c).pk}", XIHU_READ, api=True),
    Endpoint("services:api_purchase_create", "POST", lambda c: "/api/v1/services/purchases",
             {"province_admin": 201, "hangzhou": 201, "xihu": 201, "ningbo_reporter": 422,
              "auditor": 403, "outsider": 403}, data=_purchase_api, api=True),
    _api_step("procure", "planned",
              lambda c: {"supplier_id": _procure(c)["supplier"],
                         "procured_on": f"{YEAR}-02-20"}),
    _api_step("contract", "procured", _contract_api),
    _api_step("publish", "contracted", lambda c: {"published_on": f"{YEAR}-03-02"}),
    _api_step("evaluate", "in_service", lambda c: {"note": ""}),
    _api_step("close", "evaluated", lambda c: {"note": ""}),
]


# Inspections, surveys and evaluations (branch inspect) ---------------------------------------

XIHU_INSPECT = {**XIHU_READ, "auditor": 403}
XIHU_API_REFUSED = {**XIHU_WRITE, "province_admin": 422, "hangzhou": 422, "xihu": 422}
INSPECT_API_POST = {**BUREAU_API_POST, "province_admin": 201, "hangzhou": 201, "xihu": 201}
EVERYONE = dict.fromkeys(ACTORS, 200)
MATRIX_PERIOD = "2025-06"


def _supplier_obj(c: Cast) -> Any:
    from jiguan.services.catalogue.models import Supplier

    seed()
    found = Supplier.objects.filter(name="矩阵检查供应商").first()
    return found or actions.supplier_register(
        data={"name": "矩阵检查供应商", "credit_code": make_credit_code("330106", 932, "91"),
              "kind": "enterprise"}, region=region("330106"), actor=c.xihu)


def _inspection(c: Cast, place: str) -> Any:
    import datetime as dt

    from jiguan.services.inspections import actions as inspect_actions
    from jiguan.services.inspections.models import Inspection

    supplier = _supplier_obj(c)
    found = Inspection.objects.filter(supplier=supplier, place=place).first()
    return found or inspect_actions.inspection_start(
        supplier=supplier, agency=c.xihu_agency, standard=_standard(c), period=MATRIX_PERIOD,
        place=place, inspected_on=dt.date(2025, 6, 10), actor=c.xihu)


def _submitted(c: Cast) -> Any:
    from jiguan.services.inspections import actions as inspect_actions
    from jiguan.services.inspections.rules import ScoreEntry

    i = _inspection(c, "矩阵已提交")
    if i.status == "draft":
        inspect_actions.inspection_score(
            inspection=i, entries=[ScoreEntry(item_id=it.pk) for it in i.standard.items.all()],
            actor=c.xihu)
        i = inspect_actions.inspection_submit(inspection=i, actor=c.xihu)
    return i


def _photo(c: Cast) -> tuple[int, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiguan.services.inspections.photos import store_photo
    from jiguan.services.tests.test_inspections import PNG

    i = _inspection(c, "矩阵照片")
    photo = i.photos.first()
    if photo is None:
        from django.db import transaction

        with transaction.atomic():
            store_photo(inspection=i, item_id=None, upload=SimpleUploadedFile("p.png", PNG),
                        actor=c.xihu)
        photo = i.photos.first()
    return i.pk, photo.pk


def _survey(c: Cast, closed: bool = False) -> Any:
    import datetime as dt

    from jiguan.services.inspections import actions as inspect_actions
    from jiguan.services.inspections.models import Survey

    title = "矩阵问卷（已结束）" if closed else "矩阵问卷"
    found = Survey.objects.filter(title=title).first()
    if found is None:
        found = inspect_actions.survey_create(
            supplier=_supplier_obj(c), agency=c.xihu_agency, period=MATRIX_PERIOD, title=title,
            public=True, closes_on=dt.date.today() + dt.timedelta(days=30), items=[],
            respondents=3, actor=c.xihu)
        if closed:
            found = inspect_actions.survey_close(survey=found, actor=c.xihu)
    return found


def _token(c: Cast) -> str:
    from jiguan.services.inspections.queries import survey_token

    return survey_token(_survey(c))


def _evaluation(c: Cast) -> Any:
    from decimal import Decimal

    from jiguan.services.inspections import actions as inspect_actions
    from jiguan.services.inspections.models import Evaluation

    _submitted(c)
    found = Evaluation.objects.filter(period=MATRIX_PERIOD).first()
    return found or inspect_actions.evaluation_make(
        supplier=_supplier_obj(c), agency=c.xihu_agency, period=MATRIX_PERIOD,
        amount=Decimal("10000"), actor=c.xihu)


def _site(c: Cast) -> dict[str, Any]:
    return {"supplier_id": _supplier_obj(c).pk, "agency_id": c.xihu_agency.pk}


def _evaluated_contract(c: Cast) -> Any:
    import datetime as dt
    from decimal import Decimal

    from jiguan.services.purchases import actions as purchase_actions
    from jiguan.services.purchases.models import Contract

    found = Contract.objects.filter(contract_no="矩阵合同").first()
    if found is not None:
        return found
    _xihu(c)
    p = purchase_actions.purchase_create(data={
        "agency": c.xihu_agency, "year": YEAR, "title": "矩阵保洁", "budget_line": "部门预算",
        "budget_amount": Decimal("100000"), "method": "consultation", "note": "",
        "lines": [{"item": ServiceItem.objects.get(code="0301"), "quantity": Decimal("100"),
                   "unit_price": Decimal("4")}]}, actor=c.xihu)
    purchase_actions.purchase_procure(purchase=p, supplier=_supplier_obj(c),
                                      procured_on=dt.date(YEAR, 2, 1), actor=c.xihu)
    return purchase_actions.purchase_contract(purchase=p, data={
        "contract_no": "矩阵合同", "price": Decimal("12000"), "signed_on": dt.date(YEAR, 3, 1),
        "start_date": dt.date(YEAR, 3, 1), "end_date": dt.date(YEAR + 1, 2, 28),
        "long_term_reason": "", "published_on": None, "settlement": "month",
        "pay_excellent": Decimal(100), "pay_good": Decimal(100), "pay_pass": Decimal(90),
        "pay_fail": Decimal(0)}, actor=c.xihu)


def _evaluation_in(c: Cast) -> dict[str, Any]:
    # A period of the term without figures: the allowed actors reach the action, which
    # refuses (422); the others see no contract (404) or may not evaluate (403).
    return {"contract_id": _evaluated_contract(c).pk, "period": f"{YEAR}-04"}


SCOPE_MATRIX += [
    Endpoint("services:inspection_list", "GET", lambda c: reverse("services:inspection_list"),
             READ_ALL),
    Endpoint("services:inspection_export", "GET",
             lambda c: reverse("services:inspection_export"), READ_ALL),
    Endpoint("services:inspection_start", "GET",
             lambda c: reverse("services:inspection_start"), BUREAU_FORM),
    Endpoint("services:inspection_detail", "GET",
             lambda c: reverse("services:inspection_detail",
                               args=[_inspection(c, "矩阵草稿").pk]), XIHU_READ),
    Endpoint("services:inspection_score", "GET",
             lambda c: reverse("services:inspection_score",
                               args=[_inspection(c, "矩阵草稿").pk]), XIHU_INSPECT),
    Endpoint("services:inspection_submit", "POST",
             lambda c: reverse("services:inspection_submit",
                               args=[_inspection(c, "矩阵草稿").pk]), XIHU_WRITE,
             data=lambda c: {"note": ""}),
    Endpoint("services:inspection_photo", "GET",
             lambda c: reverse("services:inspection_photo", args=list(_photo(c))), XIHU_READ),
    Endpoint("services:survey_list", "GET", lambda c: reverse("services:survey_list"),
             READ_ALL),
    Endpoint("services:survey_create", "GET", lambda c: reverse("services:survey_create"),
             BUREAU_FORM),
    Endpoint("services:survey_detail", "GET",
             lambda c: reverse("services:survey_detail", args=[_survey(c).pk]), XIHU_READ),
    Endpoint("services:survey_close", "POST",
             lambda c: reverse("services:survey_close", args=[_survey(c, closed=True).pk]),
             XIHU_WRITE),
    # The one page without login: its signed link is all it needs.
    Endpoint("services:survey_answer", "GET",
             lambda c: reverse("services:survey_answer", args=[_token(c)]), EVERYONE),
    Endpoint("services:evaluation_list", "GET", lambda c: reverse("services:evaluation_list"),
             READ_ALL),
    Endpoint("services:evaluation_export", "GET",
             lambda c: reverse("services:evaluation_export"), READ_ALL),
    Endpoint("services:evaluation_create", "GET",
             lambda c: reverse("services:evaluation_create"), BUREAU_FORM),
    Endpoint("services:evaluation_detail", "GET",
             lambda c: reverse("services:evaluation_detail", args=[_evaluation(c).pk]),
             XIHU_READ),
    Endpoint("services:evaluation_rectify", "POST",
             lambda c: reverse("services:evaluation_rectify", args=[_evaluation(c).pk]),
             XIHU_WRITE, data=lambda c: {"note": "已整改"}),
    Endpoint("services:charts", "GET", lambda c: reverse("services:charts"), READ_ALL),
    # API
    Endpoint("services:api_inspections", "GET", lambda c: "/api/v1/services/inspections",
             READ_ALL, api=True),
    Endpoint("services:api_inspection", "GET",
             lambda c: f"/api/v1/services/inspections/{_inspection(c, '矩阵草稿').pk}",
             XIHU_READ, api=True),
    Endpoint("services:api_inspection_start", "POST", lambda c: "/api/v1/services/inspections",
             INSPECT_API_POST, data=lambda c: {
                 **_site(c), "standard_id": _standard(c).pk, "period": MATRIX_PERIOD,
                 "place": "矩阵接口", "inspected_on": "2025-06-11"}, api=True),
    Endpoint("services:api_inspection_scores", "POST",
             lambda c: f"/api/v1/services/inspections/{_inspection(c, '矩阵评分').pk}/scores",
             {**XIHU_API_WRITE, "auditor": 403},
             data=lambda c: {"scores": [{"item_id": _standard(c).items.first().pk,  # type: ignore[union-attr]
                                         "defects": 1}]}, api=True),
    Endpoint("services:api_inspection_submit", "POST",
             lambda c: f"/api/v1/services/inspections/{_inspection(c, '矩阵未评分').pk}/submit",
             XIHU_API_REFUSED, data=lambda c: {"note": ""}, api=True),
    Endpoint("services:api_surveys", "GET", lambda c: "/api/v1/services/surveys", READ_ALL,
             api=True),
    Endpoint("services:api_survey", "GET",
             lambda c: f"/api/v1/services/surveys/{_survey(c).pk}", XIHU_READ, api=True),
    Endpoint("services:api_survey_create", "POST", lambda c: "/api/v1/services/surveys",
             {**BUREAU_API_POST, "province_admin": 201, "hangzhou": 201, "xihu": 201},
             data=lambda c: {**_site(c), "period": MATRIX_PERIOD, "title": "接口问卷",
                             "closes_on": "2099-01-01", "respondents": 2}, api=True),
    Endpoint("services:api_survey_close", "POST",
             lambda c: f"/api/v1/services/surveys/{_survey(c, closed=True).pk}/close",
             XIHU_API_REFUSED, api=True),
    Endpoint("services:api_evaluations", "GET", lambda c: "/api/v1/services/evaluations",
             READ_ALL, api=True),
    Endpoint("services:api_evaluation", "GET",
             lambda c: f"/api/v1/services/evaluations/{_evaluation(c).pk}", XIHU_READ,
             api=True),
    Endpoint("services:api_evaluation_create", "POST", lambda c: "/api/v1/services/evaluations",
             {**BUREAU_API_POST, "province_admin": 422, "hangzhou": 422, "xihu": 422},
             data=_evaluation_in, api=True),
    Endpoint("services:api_evaluation_rectify", "POST",
             lambda c: f"/api/v1/services/evaluations/{_evaluation(c).pk}/rectify",
             XIHU_API_REFUSED, data=lambda c: {"note": "已整改"}, api=True),
]
