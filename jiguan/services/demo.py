"""Demo data for logistics services (`manage.py services_demo --seed N`): the province's
published catalogue of the year, Hangzhou's and Xihu's narrowed from it, reference prices,
suppliers and pilot units of the three standards. Every write goes through the actions."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from jiguan.access.models import Region
from jiguan.orgs.demo import HANGZHOU_CODE, PROVINCE_CODE, XIHU_CODE
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import credit_code_check_char, org_code_check_char
from jiguan.services.catalogue import actions as catalogue_actions
from jiguan.services.catalogue.data import seed_catalogue
from jiguan.services.catalogue.models import (
    Catalogue,
    NegativeEntry,
    ServiceCategory,
    ServiceItem,
    Supplier,
)
from jiguan.services.purchases import actions as purchase_actions
from jiguan.services.standards import actions as standard_actions
from jiguan.services.standards.data import seed_standards
from jiguan.services.standards.models import ServiceStandard, StandardItem

# Reference prices of the province (元/单位), demo values: low, high.
PRICES = {"0101": (2, 4), "0201": (6000, 12000), "0301": (3, 6), "0302": (2, 4.5),
          "0303": (20000, 60000), "0401": (5500, 7500), "0402": (6000, 8000),
          "0501": (4, 9), "0502": (60, 150), "0601": (300, 1200), "0701": (12, 22),
          "0702": (6500, 9000)}
SUPPLIERS = (("浙江某物业服务有限公司", "enterprise"), ("杭州某保安服务有限公司", "enterprise"),
             ("杭州某园林绿化有限公司", "enterprise"), ("杭州某餐饮管理有限公司", "enterprise"),
             ("西湖区某社区服务中心", "social_org"))


def credit_code(region_code: str, serial: int, category: str) -> str:
    """A valid demo credit code (GB 32100 and GB 11714 check characters)."""
    org8 = f"{serial:08d}"
    first17 = f"{category}{region_code}{org8}{org_code_check_char(org8)}"
    return first17 + credit_code_check_char(first17)


@dataclass
class ServicesDemoResult:
    catalogues: int = 0
    prices: int = 0
    suppliers: int = 0
    pilots: int = 0
    purchases: int = 0
    inspections: int = 0
    surveys: int = 0
    evaluations: int = 0


def loaded() -> bool:
    return Catalogue.objects.exists()


def load(seed: int = 1) -> ServicesDemoResult:
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    result = ServicesDemoResult()
    seed_catalogue(ServiceCategory, ServiceItem, NegativeEntry)
    seed_standards(ServiceCategory, ServiceStandard, StandardItem)
    regions = {r.code: r for r in Region.objects.filter(
        code__in=[PROVINCE_CODE, HANGZHOU_CODE, XIHU_CODE])}
    if PROVINCE_CODE not in regions:
        return result
    year = dt.date.today().year
    province = catalogue_actions.catalogue_create(
        region=regions[PROVINCE_CODE], year=year,
        title=f"浙江省{year}年度政府购买后勤服务指导性目录", actor=None)
    catalogue_actions.catalogue_publish(catalogue=province, on=dt.date(year, 1, 15),
                                        doc_no=f"浙机管〔{year}〕1号（演示）", actor=None)
    result.catalogues += 1
    for item in ServiceItem.objects.all():
        low, high = PRICES.get(item.code, (1, 2))
        catalogue_actions.price_set(region=regions[PROVINCE_CODE], item=item, year=year,
                                    low=Decimal(str(low)), high=Decimal(str(high)),
                                    note="演示参考价", actor=None)
        result.prices += 1
    if HANGZHOU_CODE in regions:
        hz = catalogue_actions.catalogue_create(
            region=regions[HANGZHOU_CODE], year=year, title=f"杭州市{year}年度目录",
            items=ServiceItem.objects.exclude(code="0502"), actor=None)
        catalogue_actions.catalogue_publish(catalogue=hz, on=dt.date(year, 2, 1),
                                            doc_no=f"杭机管〔{year}〕3号（演示）", actor=None)
        result.catalogues += 1
        cleaning = ServiceItem.objects.get(code="0301")
        catalogue_actions.price_set(region=regions[HANGZHOU_CODE], item=cleaning, year=year,
                                    low=Decimal("3.5"), high=Decimal("6.5"),
                                    note="杭州市区演示参考价", actor=None)
        result.prices += 1
    if XIHU_CODE in regions:
        catalogue_actions.catalogue_create(
            region=regions[XIHU_CODE], year=year, title=f"西湖区{year}年度目录（草稿）",
            items=ServiceItem.objects.exclude(code__in=["0502", "0702"]), actor=None)
        result.catalogues += 1
    home = regions.get(XIHU_CODE) or regions[PROVINCE_CODE]
    for n, (name, kind) in enumerate(SUPPLIERS, start=1):
        category = "91" if kind == "enterprise" else "52"
        catalogue_actions.supplier_register(
            data={"name": name, "credit_code": credit_code(home.code, 800 + n, category),
                  "kind": kind, "contact": rng.choice(("王经理", "李主管", "陈经理")),
                  "phone": f"0571-8800{n:04d}"}, region=home, actor=None)
        result.suppliers += 1
    agencies = list(Agency.objects.filter(region=home).active().order_by("pk")[:3])
    for standard, agency in zip(ServiceStandard.objects.order_by("pk"), agencies, strict=False):
        standard_actions.pilot_add(standard=standard, agency=agency,
                                   since=dt.date(year - 1, 7, 1), note="标准化试点（演示）",
                                   actor=None)
        result.pilots += 1
    result.purchases = load_purchases(rng, year)
    _inspections(rng, result, agencies)
    return result


# Demo purchases: title, item code, quantity, unit price, method, supplier index, the
# status to walk to, and the reason of a term over a year (第二十四条) or "".
PURCHASES = (
    ("机关办公区日常保洁服务", "0301", 12000, "4.2", "consultation", 0, "in_service", ""),
    ("机关大院门岗值守服务", "0401", 36, "6800", "open_tender", 1, "in_service",
     "门岗值守内容固定、连续性强，经费列入部门预算且已保障，价格变化小"),
    ("办公区绿地养护服务", "0501", 8000, "6.5", "inquiry", 2, "contracted", ""),
    ("职工食堂餐饮服务", "0701", 30000, "16", "consultation", 3, "evaluated", ""),
    ("会议保障服务", "0601", 40, "800", "single_source", 4, "closed", ""),
    ("公共区域保洁服务", "0302", 6000, "3", "negotiation", 0, "procured", ""),
    ("电梯运行维护", "0201", 6, "9000", "framework", 0, "planned", ""),
)
_ORDER = ("planned", "procured", "contracted", "in_service", "evaluated", "closed")


def load_purchases(rng: random.Random, year: int) -> int:
    """Purchases of the demo agencies, walked through their steps by the actions."""
    suppliers = list(Supplier.objects.order_by("pk"))
    agencies = list(Agency.objects.filter(region__code__in=[XIHU_CODE, HANGZHOU_CODE,
                                                            PROVINCE_CODE])
                    .active().filter(type_code="01").select_related("region")
                    .order_by("region__path", "pk")[:7])
    if not suppliers or not agencies:
        return 0
    count = 0
    for n, (title, code, qty, price, method, sup, status, reason) in enumerate(PURCHASES):
        agency = agencies[n % len(agencies)]
        amount = Decimal(qty) * Decimal(price)
        budget = (amount * Decimal("1.1")).quantize(Decimal(1))
        p = purchase_actions.purchase_create(data={
            "agency": agency, "year": year, "title": title,
            "budget_line": f"{year}年度部门预算·机关运行经费（物业管理费）",
            "budget_amount": budget, "method": method, "note": "演示数据",
            "lines": [{"item": ServiceItem.objects.get(code=code), "quantity": Decimal(qty),
                       "unit_price": Decimal(price)}]}, actor=None)
        count += 1
        target = _ORDER.index(status)
        start = dt.date(year, 1, 1)
        if target >= 1:
            purchase_actions.purchase_procure(
                purchase=p, supplier=suppliers[sup % len(suppliers)],
                procured_on=dt.date(year - 1, 12, rng.randint(1, 20)), actor=None)
        if target >= 2:
            end = dt.date(year + 2, 12, 31) if reason else dt.date(year, 12, 31)
            purchase_actions.purchase_contract(purchase=p, data={
                "contract_no": f"演示-{year}-{n + 1:03d}", "price": amount,
                "signed_on": dt.date(year - 1, 12, 25), "start_date": start, "end_date": end,
                "long_term_reason": reason, "published_on": dt.date(year - 1, 12, 27),
                "settlement": "quarter", "pay_excellent": Decimal(100),
                "pay_good": Decimal(100), "pay_pass": Decimal(90), "pay_fail": Decimal(0)},
                actor=None)
        if target >= 3:
            purchase_actions.purchase_start(purchase=p, started_on=start, actor=None)
        if target >= 4:
            purchase_actions.purchase_evaluate(purchase=p, note="年度绩效评价完成（演示）",
                                               actor=None)
        if target >= 5:
            purchase_actions.purchase_close(purchase=p, note="合同履行完毕（演示）", actor=None)
    return count


def _inspections(rng: random.Random, result: ServicesDemoResult, agencies: list[Agency]) -> None:
    """Six months of submitted inspections of the cleaning and catering suppliers at the
    home agencies, a satisfaction survey with answers, and each month's evaluation (by the
    default rule: the demo has no contracts yet)."""
    from jiguan.access.models import User
    from jiguan.services.inspections import actions as inspect_actions
    from jiguan.services.inspections.rules import ScoreEntry

    inspector = User.objects.filter(is_active=True).order_by("pk").first()
    if inspector is None or not agencies:
        return
    today = dt.date.today()
    pairs = [("浙江某物业服务有限公司", "JG-FW-BJ-01"), ("杭州某餐饮管理有限公司", "JG-FW-CY-01")]
    for back in range(6, 0, -1):
        month = (today.replace(day=1) - dt.timedelta(days=28 * back)).replace(day=10)
        period = month.strftime("%Y-%m")
        for (name, code), agency in zip(pairs, agencies, strict=False):
            supplier = Supplier.objects.get(name=name)
            standard = (ServiceStandard.objects.filter(code=code, effective_from__lte=month)
                        .order_by("-effective_from").first())
            if standard is None:
                continue
            i = inspect_actions.inspection_start(
                supplier=supplier, agency=agency, standard=standard, period=period,
                place="机关食堂" if code.endswith("CY-01") else "办公楼公共区域",
                inspected_on=month, actor=inspector)
            entries = [ScoreEntry(item_id=it.pk, defects=rng.choice((0, 0, 0, 1, 2)),
                                  note="") for it in standard.items.all()]
            inspect_actions.inspection_score(inspection=i, entries=entries, actor=inspector)
            inspect_actions.inspection_submit(inspection=i, note="演示检查", actor=inspector)
            result.inspections += 1
            if back == 1:
                sv = inspect_actions.survey_create(
                    supplier=supplier, agency=agency, period=period,
                    title=f"{agency.name}{period}{standard.category.name}满意度调查",
                    public=True, closes_on=today + dt.timedelta(days=14), items=[],
                    respondents=20, actor=inspector)
                for c in sv.codes.all()[:12]:
                    inspect_actions.survey_answer(
                        survey=sv, code=c.code,
                        scores={it.pk: rng.choice((3, 4, 4, 5, 5)) for it in sv.items.all()})
                result.surveys += 1
            inspect_actions.evaluation_make(supplier=supplier, agency=agency, period=period,
                                            amount=Decimal("20000"), actor=inspector)
            result.evaluations += 1
