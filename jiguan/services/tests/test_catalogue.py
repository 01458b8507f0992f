"""The catalogue: the province publishes, a county narrows (only removes), reference
prices, the supplier register, the pages, the API and the Excel in and out."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.audit.models import AuditEvent
from jiguan.conftest import make_credit_code
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportStatus
from jiguan.services.catalogue import actions
from jiguan.services.catalogue.models import CatalogueStatus, PriceRange, ServiceItem, Supplier
from jiguan.services.tests.fixtures import YEAR, Services, item, items_except, region


def test_province_catalogue_lists_every_item_and_is_published(services: Services) -> None:
    p = services.province
    assert p.status == CatalogueStatus.PUBLISHED and p.published_on is not None
    assert p.items.count() == ServiceItem.objects.count()
    assert AuditEvent.objects.filter(event_type="services.catalogue.published",
                                     target_id=str(p.pk)).count() == 1


def test_county_catalogue_starts_from_the_province_and_narrows(services: Services) -> None:
    x = services.xihu
    assert x.parent == services.province
    assert x.items.count() == services.province.items.count()
    result = actions.catalogue_narrow(catalogue=x, items=items_except("0701", "0702"),
                                      actor=services.cast.xihu)
    assert result["removed"] == ["0701", "0702"]
    assert not x.items.filter(code__startswith="07").exists()
    assert AuditEvent.objects.filter(event_type="services.catalogue.narrowed").count() == 1


def test_a_narrowed_catalogue_cannot_add(services: Services) -> None:
    c = services.cast
    actions.catalogue_narrow(catalogue=services.xihu, items=items_except("0701"), actor=c.xihu)
    actions.catalogue_publish(catalogue=services.xihu, actor=c.xihu)
    # Xihu's child? None exists; a Hangzhou catalogue narrows the province's instead.
    hz = actions.catalogue_create(region=region("330100"), year=YEAR, title="杭州市目录",
                                  items=items_except("0301"), actor=c.hangzhou)
    actions.catalogue_publish(catalogue=hz, actor=c.hangzhou)
    # Xihu is below Hangzhou: a new year's Xihu catalogue would read Hangzhou's; with the
    # year taken, try adding to Hangzhou's narrowed list through a fresh draft at 330102.
    draft = actions.catalogue_create(region=region("330102"), year=YEAR, title="上城区目录",
                                     actor=c.hangzhou)
    assert draft.parent == hz
    with pytest.raises(ValidationError) as exc:
        actions.catalogue_narrow(catalogue=draft, items=[item("0301"), item("0101")],
                                 actor=c.hangzhou)
    assert "0301" in str(exc.value) and "只能删减" in str(exc.value)
    assert not draft.items.filter(code="0301").exists()


def test_no_county_catalogue_before_the_province_publishes(services: Services) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.catalogue_create(region=region("330106"), year=YEAR + 1, title="x",
                                 actor=services.cast.xihu)
    assert "上级尚未发布" in str(exc.value)


def test_a_published_catalogue_is_frozen(services: Services) -> None:
    with pytest.raises(ValidationError):
        actions.catalogue_narrow(catalogue=services.province, items=items_except("0101"),
                                 actor=services.cast.province_admin)


def test_negative_list_item_is_refused_with_the_article(services: Services) -> None:
    bad = ServiceItem.objects.create(category=item("0401").category, code="0499",
                                     name="门岗人员劳务派遣", unit="人·月")
    with pytest.raises(ValidationError) as exc:
        actions.price_set(region=region("330000"), item=bad, year=YEAR, low=Decimal(1),
                          high=Decimal(2), actor=services.cast.province_admin)
    assert "第十条⑤" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        actions.catalogue_create(region=region("330000"), year=YEAR + 1, title="x",
                                 items=[bad], actor=services.cast.province_admin)
    assert "负面清单" in str(exc.value)


def test_reference_price_falls_back_to_the_region_above(services: Services) -> None:
    c = services.cast
    actions.price_set(region=region("330000"), item=item("0301"), year=YEAR, low=Decimal("3"),
                      high=Decimal("6"), actor=c.province_admin)
    assert actions.reference_price(region("330106"), item("0301"), YEAR).region.code == "330000"
    actions.price_set(region=region("330100"), item=item("0301"), year=YEAR, low=Decimal("4"),
                      high=Decimal("7"), actor=c.hangzhou)
    found = actions.reference_price(region("330106"), item("0301"), YEAR)
    assert found is not None and found.low == Decimal("4")
    with pytest.raises(ValidationError):
        actions.price_set(region=region("330100"), item=item("0301"), year=YEAR,
                          low=Decimal("9"), high=Decimal("7"), actor=c.hangzhou)
    assert PriceRange.objects.get(region__code="330100").high == Decimal("7")


def test_supplier_credit_code_and_eligibility(services: Services) -> None:
    c = services.cast
    with pytest.raises(ValidationError) as exc:
        actions.supplier_register(data={"name": "x", "credit_code": "91330106ABC",
                                        "kind": "enterprise"}, region=region("330106"),
                                  actor=c.xihu)
    assert "18位" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        actions.supplier_register(
            data={"name": "某医院", "credit_code": make_credit_code("330106", 902, "12"),
                  "kind": "institution_1"}, region=region("330106"), actor=c.xihu)
    assert "公益一类" in str(exc.value) and "第八条" in str(exc.value)
    assert Supplier.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------

def test_pages_render(services: Services) -> None:
    client = services.cast.client("xihu")
    for name, args in (("home", []), ("catalogue_list", []), ("negative_list", []),
                       ("price_list", []), ("supplier_list", []),
                       ("catalogue_detail", [services.xihu.pk]),
                       ("catalogue_detail", [services.province.pk])):
        r = client.get(reverse(f"services:{name}", args=args))
        assert r.status_code == 200, name
    r = client.get(reverse("services:catalogue_detail", args=[services.xihu.pk]))
    assert "narrow-form" in _text(r)


def test_narrow_page_refuses_an_item_of_no_parent_and_saves_a_subset(services: Services) -> None:
    c = services.cast
    client = c.client("hangzhou")
    hz = actions.catalogue_create(region=region("330100"), year=YEAR, title="杭州市目录",
                                  items=items_except("0301"), actor=c.hangzhou)
    actions.catalogue_publish(catalogue=hz, actor=c.hangzhou)
    draft = actions.catalogue_create(region=region("330102"), year=YEAR, title="上城区目录",
                                     actor=c.hangzhou)
    url = reverse("services:catalogue_narrow", args=[draft.pk])
    r = client.post(url, {"items": [item("0301").pk, item("0101").pk]})
    assert r.status_code == 422
    assert "不在上级目录中" in _text(r)
    r = client.post(url, {"items": [item("0101").pk, item("0302").pk]})
    assert r.status_code == 302
    assert sorted(draft.items.values_list("code", flat=True)) == ["0101", "0302"]
    r = client.post(reverse("services:catalogue_publish", args=[draft.pk]),
                    {"doc_no": "上机管〔2026〕3号", "on": ""})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CatalogueStatus.PUBLISHED and draft.doc_no == "上机管〔2026〕3号"


def test_supplier_form_messages(services: Services) -> None:
    client = services.cast.client("xihu")
    r = client.post(reverse("services:supplier_create"), {
        "name": "某中心", "credit_code": make_credit_code("330106", 903, "12"),
        "kind": "institution_1", "region": region("330106").pk})
    assert r.status_code == 422 and "公益一类" in _text(r)
    r = client.post(reverse("services:supplier_create"), {
        "name": "某公司", "credit_code": make_credit_code("330106", 904, "91"),
        "kind": "enterprise", "region": region("330106").pk, "contact": "", "phone": ""})
    assert r.status_code == 302
    assert Supplier.objects.filter(name="某公司").exists()


def test_price_form_and_export(services: Services) -> None:
    client = services.cast.client("hangzhou")
    r = client.post(reverse("services:price_set"), {
        "region": region("330100").pk, "item": item("0501").pk, "year": YEAR, "low": "8",
        "high": "5", "note": ""})
    assert r.status_code == 422 and "上限不能低于下限" in _text(r)
    r = client.post(reverse("services:price_set"), {
        "region": region("330100").pk, "item": item("0501").pk, "year": YEAR, "low": "1234.5",
        "high": "2000", "note": "含耗材"})
    assert r.status_code == 302
    r = client.get(reverse("services:price_export"))
    assert r.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(r.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    values = [v for row in rows for v in row]
    assert "绿地养护" in values
    assert 1234.5 in [v for v in values if isinstance(v, int | float)]


# --- Excel import --------------------------------------------------------------------------

def _xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return buf.getvalue()


PRICE_HEADER = ["年度", "区划代码", "事项代码", "参考价下限", "参考价上限", "说明"]


def test_price_import_row_errors_then_confirm(services: Services) -> None:
    user = services.cast.hangzhou
    bad = _xlsx(PRICE_HEADER, [[YEAR, "330100", "0301", 3, 6, ""],
                               [YEAR, "330203", "0301", 3, 6, ""],     # Ningbo: out of scope
                               [YEAR, "330100", "9999", 3, 6, ""],     # no such item
                               [YEAR, "330106", "0302", 8, 6, ""]])    # low above high
    job = validate_job(create_job(kind="services.price", filename="p.xlsx", data=bad,
                                  user=user).pk)
    assert job.status == ImportStatus.INVALID
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (3, "区划代码"), (4, "事项代码"), (5, "参考价上限")}
    assert not PriceRange.objects.exists()
    good = _xlsx(PRICE_HEADER, [[YEAR, "330100", "0301", 3, 6, "含耗材"],
                                [YEAR, "330106", "0302", "2.5", 4, ""]])
    job = validate_job(create_job(kind="services.price", filename="p.xlsx", data=good,
                                  user=user).pk)
    assert job.status == ImportStatus.VALID
    job = apply_job(job.pk, user.pk)
    assert job.status == ImportStatus.DONE
    assert PriceRange.objects.get(region__code="330106").low == Decimal("2.5")
    assert AuditEvent.objects.filter(event_type="services.price.set").count() == 2


def test_supplier_import_refuses_ineligible_and_bad_codes(services: Services) -> None:
    user = services.cast.xihu
    header = ["供应商名称", "统一社会信用代码", "主体类型", "登记区划代码", "联系人", "联系电话"]
    bad = _xlsx(header, [["甲公司", make_credit_code("330106", 911, "91"), "企业", "330106",
                          "", ""],
                         ["乙中心", make_credit_code("330106", 912, "12"), "公益一类事业单位",
                          "330106", "", ""],
                         ["丙公司", "91330106XXXX", "企业", "330106", "", ""]])
    job = validate_job(create_job(kind="services.supplier", filename="s.xlsx", data=bad,
                                  user=user).pk)
    assert job.status == ImportStatus.INVALID
    messages = {e["row"]: e["message"] for e in job.errors}
    assert set(messages) == {3, 4}
    assert "第八条" in messages[3] and "18位" in messages[4]
    good = _xlsx(header, [["甲公司", make_credit_code("330106", 911, "91"), "企业", "330106",
                           "张三", "0571-1"]])
    job = apply_job(validate_job(create_job(kind="services.supplier", filename="s.xlsx",
                                            data=good, user=user).pk).pk, user.pk)
    assert job.status == ImportStatus.DONE
    assert Supplier.objects.filter(name="甲公司", contact="张三").exists()


def _text(r: object) -> str:
    content = r.content.decode()  # type: ignore[attr-defined]
    if r["Content-Type"].startswith("application/json"):  # type: ignore[index]
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content


# --- API -----------------------------------------------------------------------------------

def _post(client: object, url: str, data: dict[str, object]) -> object:
    return client.post(url, data=json.dumps(data),  # type: ignore[attr-defined]
                       content_type="application/json")


def test_api_catalogue_flow(services: Services) -> None:
    c = services.cast
    hz = c.client("hangzhou")
    r = _post(hz, "/api/v1/services/catalogues",
              {"region_code": "330100", "year": YEAR, "title": "杭州市目录"})
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    r = _post(hz, f"/api/v1/services/catalogues/{cid}/narrow", {"item_codes": ["0301", "0302"]})
    assert r.status_code == 200
    r = hz.get(f"/api/v1/services/catalogues/{cid}")
    assert [i["code"] for i in r.json()["items"]] == ["0301", "0302"]
    r = _post(hz, f"/api/v1/services/catalogues/{cid}/publish", {"doc_no": "杭机管〔2026〕2号"})
    assert r.status_code == 200 and r.json()["status"] == "published"
    # Ningbo's reporter reads a published catalogue, not Xihu's draft.
    nb = c.client("ningbo_reporter")
    assert nb.get(f"/api/v1/services/catalogues/{cid}").status_code == 200
    assert nb.get(f"/api/v1/services/catalogues/{services.xihu.pk}").status_code == 404
    r = _post(hz, "/api/v1/services/catalogues", {"region_code": "330203", "year": YEAR,
                                                  "title": "宁波"})
    assert r.status_code == 404


def test_api_refusals_are_chinese_422(services: Services) -> None:
    xihu = services.cast.client("xihu")
    r = _post(xihu, f"/api/v1/services/catalogues/{services.xihu.pk}/narrow",
              {"item_codes": ["0999"]})
    assert r.status_code == 422 and "事项代码不存在" in _text(r)
    r = _post(xihu, "/api/v1/services/suppliers", {
        "name": "某中心", "credit_code": make_credit_code("330106", 921, "12"),
        "kind": "institution_1", "region_code": "330106"})
    assert r.status_code == 422 and "第八条" in _text(r)
    r = _post(xihu, "/api/v1/services/prices", {"region_code": "330106", "item_code": "0301",
                                                "year": YEAR, "low": "5", "high": "4"})
    assert r.status_code == 422 and "上限" in _text(r)
    r = xihu.get("/api/v1/services/negative-list")
    assert {e["clause"] for e in r.json()} == {"①", "②", "③", "④", "⑤", "⑥"}
