"""The rules library's seed and demo (`manage.py governance_demo`).

`seed_library` registers, at the province, the national and provincial documents the
platform already encodes (titles, numbers and dates from shared/docs/domain-rules.md, each
with its confidence mark), marked 正文未收录: their text is not on file. It is idempotent and
works on an empty database (only the region tree is needed). `load_demo` adds a few
bureau-level rules with (demo) text, a relation, and runs the validity and policy scans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from jiguan.access.models import Region
from jiguan.governance.contracts import actions as contract_actions
from jiguan.governance.contracts.models import Contract
from jiguan.governance.decisions import actions as decisions
from jiguan.governance.decisions.models import CatalogueItem, Decision
from jiguan.governance.library import actions
from jiguan.governance.library.models import (
    RelationKind,
    Rule,
    RuleKind,
    RuleSubject,
)
from jiguan.governance.reviews import actions as review_actions
from jiguan.governance.reviews import actions as reviews
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import credit_code_check_char, org_code_check_char

PROVINCE_CODE = "330000"
NOT_ON_FILE = "正文未收录"

D = dt.date
# (title, issuer, number, kind, subject, issued, effective, source)
NATIONAL: list[tuple[str, str, str, str, str, dt.date | None, dt.date | None, str]] = [
    ("机关事务管理条例", "国务院", "国务院令第621号", "行政法规", "综合",
     D(2012, 6, 28), D(2012, 10, 1), "domain-rules.md §3 [V-P]"),
    ("机关团体建设楼堂馆所管理条例", "国务院", "国务院令第688号", "行政法规", "维修改造与租赁",
     None, D(2017, 12, 1), "domain-rules.md §3 [V-P]；文号 [R]"),
    ("公共机构节能条例", "国务院", "国务院令第531号", "行政法规", "节能",
     None, D(2017, 3, 1), "domain-rules.md §5.1 [V-P]（2017-03-01 修订施行）"),
    ("重大行政决策程序暂行条例", "国务院", "国务院令第713号", "行政法规", "综合",
     None, D(2019, 9, 1), "issue 13（施行日期）；文号 [R]"),
    ("党政机关办公用房建设标准", "国家发展改革委、住房城乡建设部", "发改投资〔2014〕2674号",
     "部门规范性文件", "办公用房", D(2014, 11, 24), D(2014, 11, 24), "domain-rules.md §1.1 [V-O]"),
    ("党政机关办公用房管理办法", "中共中央办公厅、国务院办公厅", "中办发〔2017〕64号",
     "党内法规", "办公用房", D(2017, 12, 11), None,
     "domain-rules.md §2.1 [V-S]；文号 [R]；施行日期未核实"),
    ("党政机关公务用车管理办法", "中共中央办公厅、国务院办公厅", "中办发〔2017〕71号",
     "党内法规", "公务用车", None, D(2017, 12, 5), "domain-rules.md §4.1 [V-S]"),
    ("综合能耗计算通则", "国家市场监督管理总局、国家标准化管理委员会", "GB/T 2589-2020",
     "国家标准", "节能", D(2020, 9, 29), D(2021, 4, 1), "domain-rules.md §5.3 [V-S]"),
    ("关于开展公共机构节水型单位建设工作的通知", "水利部、国管局、全国节水办",
     "水资源〔2013〕389号", "部门规范性文件", "节能", None, None,
     "domain-rules.md §5.4 [V-S]"),
    ("政府购买服务管理办法", "财政部", "财政部令第102号", "部门规章", "后勤服务购买",
     None, D(2020, 3, 1), "domain-rules.md §6 [R]"),
    ("行政事业性国有资产管理条例", "国务院", "", "行政法规", "国有资产",
     None, D(2021, 4, 1), "domain-rules.md §3 [V-P]；文号未收录"),
    ("浙江省机关事务管理办法", "浙江省人民政府", "", "政府规章", "综合",
     None, None, "domain-rules.md §2.4 [V-S]；文号、日期未收录"),
    ("浙江省党政机关办公用房管理实施办法", "中共浙江省委办公厅、浙江省人民政府办公厅", "",
     "党内规范性文件", "办公用房", None, None, "domain-rules.md §2.4 [V-S]；文号、日期未收录"),
]
# Superseded texts the platform still knows (the 1999 office standard, GB/T 2589-2008).
SUPERSEDED = [
    ("党政机关办公用房建设标准（1999年）", "国家发展计划委员会", "计投资〔1999〕2250号",
     "部门规范性文件", "办公用房", "发改投资〔2014〕2674号", "domain-rules.md §1.3 [V-S]"),
    ("综合能耗计算通则（2008年版）", "国家质量监督检验检疫总局、国家标准化管理委员会",
     "GB/T 2589-2008", "国家标准", "节能", "GB/T 2589-2020", "domain-rules.md §5.3 [V-S]"),
]

# Demo only: bureau rules with short texts, to show search, articles and validity.
DEMO_TEXT = """第一章 总则
第一条 为加强市级机关办公用房管理，根据《党政机关办公用房管理办法》，结合本市实际，制定本细则。
第二条 本细则适用于市级党政机关办公用房的权属、配置、使用、维修和处置管理。
第二章 使用管理
第三条 各单位应当在核定面积内使用办公用房，不得擅自改变使用功能，不得出租、出借。
第四条 工作人员调离或者退休的，所在单位应当在办理手续后一个月内收回其办公用房。
第三章 附则
第五条 本细则自印发之日起施行，有效期五年。"""

DEMO_VEHICLE_TEXT = """第一条 为规范公务用车平台管理，制定本办法。
第二条 公务用车实行集中管理、统一调度，用车单位通过平台提出用车申请。
第三条 驾驶员应当按派车单执行任务，回场后登记里程和油耗。
第四条 本办法自印发之日起施行。"""


@dataclass
class DemoResult:
    seeded: int = 0
    demo: int = 0
    tasks: int = 0
    contracts: int = 0
    decisions: int = 0


def _kind(name: str) -> RuleKind:
    return RuleKind.objects.get_or_create(name=name)[0]


def _subject(name: str) -> RuleSubject:
    return RuleSubject.objects.get_or_create(name=name)[0]


def seed_library(actor: Any = None) -> int:
    """The national and provincial documents at the province (skips those present)."""
    province = Region.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return 0
    made = 0
    by_number: dict[str, Rule] = {}
    for title, issuer, number, kind, subject, issued, effective, source in NATIONAL:
        rule = Rule.objects.filter(region=province, title=title).first()
        if rule is None:
            rule = actions.rule_create(data={
                "region": province, "title": title, "issuer": issuer, "number": number,
                "kind": _kind(kind), "subject": _subject(subject), "issued_on": issued,
                "effective_on": effective, "text_note": NOT_ON_FILE, "source_note": source},
                actor=actor)
            made += 1
        if rule.number:
            by_number[rule.number] = rule
    for title, issuer, number, kind, subject, newer, source in SUPERSEDED:
        if Rule.objects.filter(region=province, title=title).exists():
            continue
        old = actions.rule_create(data={
            "region": province, "title": title, "issuer": issuer, "number": number,
            "kind": _kind(kind), "subject": _subject(subject), "text_note": NOT_ON_FILE,
            "source_note": source}, actor=actor)
        made += 1
        if newer in by_number:
            actions.relation_add(rule=by_number[newer], kind=RelationKind.REPLACES, target=old,
                                 actor=actor)
    return made


def load_demo(today: dt.date | None = None, actor: Any = None) -> DemoResult:
    today = today or dt.date.today()
    result = DemoResult(seeded=seed_library(actor))
    city = Region.objects.filter(code="330100").first()
    county = Region.objects.filter(code="330106").first()
    if city is not None and not Rule.objects.filter(source_note="演示数据").exists():
        rule = actions.rule_create(data={
            "region": city, "title": "杭州市市级机关办公用房管理实施细则",
            "issuer": "杭州市机关事务管理局", "number": "杭机管发〔2022〕8号",
            "kind": _kind("行政规范性文件"), "subject": _subject("办公用房"),
            "issued_on": D(2022, 3, 1), "effective_on": D(2022, 4, 1),
            "source_note": "演示数据"}, text=DEMO_TEXT, actor=actor)
        base = Rule.objects.filter(number="中办发〔2017〕64号").first()
        if base is not None:
            actions.relation_add(rule=rule, kind=RelationKind.BASED_ON, target=base, actor=actor)
        # One whose validity ends within the notice period, to show the to-do.
        effective = today - dt.timedelta(days=5 * 365 - 40)
        actions.rule_create(data={
            "region": city, "title": "杭州市公务用车平台管理暂行办法",
            "issuer": "杭州市机关事务管理局", "number": "杭机管发〔2024〕3号",
            "kind": _kind("行政规范性文件"), "subject": _subject("公务用车"),
            "issued_on": effective, "effective_on": effective,
            "valid_until": today + dt.timedelta(days=40),
            "source_note": "演示数据"}, text=DEMO_VEHICLE_TEXT, actor=actor)
        result.demo += 2
        if county is not None:
            actions.rule_create(data={
                "region": county, "title": "西湖区机关会议费管理办法",
                "issuer": "杭州市西湖区机关事务管理局", "number": "西机管〔2023〕5号",
                "kind": _kind("内部管理制度"), "subject": _subject("会议"),
                "issued_on": D(2023, 2, 1), "effective_on": D(2023, 2, 1),
                "source_note": "演示数据"},
                text="第一条 会议费实行预算管理。\n第二条 严格控制会议数量、规模和会期。",
                actor=actor)
            result.demo += 1
    result.tasks = actions.validity_scan(today=today, actor=actor) + \
        actions.policy_scan(actor=actor)
    result.contracts = load_contracts_demo(today, actor)
    result.decisions = load_decisions_demo(today, actor)
    return result


# --- major contracts (branch `contracts`) ---------------------------------------------------
# Demo only: the contracts of the first Hangzhou agency (made by `manage.py demo`): one above
# the construction threshold, reviewed, signed and filed late; one procurement not filed
# (overdue); one lease ending within the notice period; one cooperation agreement in review.
def _demo_code(region: str, org8: str) -> str:
    """A valid credit code (GB 32100, GB 11714 check characters) for a demo counterparty."""
    first17 = f"91{region}{org8}{org_code_check_char(org8)}"
    return first17 + credit_code_check_char(first17)


DEMO_COUNTERPARTY = ("浙江演示建设工程有限公司", _demo_code("330100", "14291433"))


def _demo_contract(agency: Any, actor: Any, **data: Any) -> Any:
    return contract_actions.contract_create(data={
        "agency": agency, "counterparty": DEMO_COUNTERPARTY[0],
        "counterparty_code": DEMO_COUNTERPARTY[1], **data}, actor=actor)


def _demo_review(contract: Any, on: dt.date, actor: Any) -> None:
    review = contract_actions.contract_submit_review(
        contract=contract, materials=[("合同文本", None), ("起草说明", None)], actor=actor,
        today=on)
    review_actions.opinion_add(review=review, item="合同主体是否适格", verdict="lawful",
                               actor=actor)
    review_actions.opinion_add(review=review, item="合同条款是否合法、完备", verdict="amend",
                               reasoning="违约责任条款应明确逾期竣工的违约金计算方式。",
                               actor=actor)
    review_actions.review_conclude(review=review, summary="修改后合法。", actor=actor,
                                   today=on + dt.timedelta(days=3))


def load_contracts_demo(today: dt.date, actor: Any = None) -> int:
    """The demo contracts (idempotent: skipped when present or without a Hangzhou agency)."""
    agency = Agency.objects.filter(region__code="330100").order_by("pk").first()
    if agency is None or Contract.objects.filter(number__startswith="演示-").exists():
        return 0
    signed = today - dt.timedelta(days=50)
    works = _demo_contract(
        agency, actor, title="市级机关办公楼维修改造工程施工合同", number="演示-2026-01",
        kind="construction", amount=Decimal("5200000"), starts_on=signed,
        ends_on=today + dt.timedelta(days=200), decision_ref="市级机关办公楼维修改造项目")
    _demo_review(works, signed - dt.timedelta(days=10), actor)
    works = contract_actions.contract_sign(contract=works, signed_on=signed, actor=actor,
                                           today=today)
    city = Region.objects.get(code="330100")
    contract_actions.contract_file(contract=works, region=city,
                                   filed_on=signed + dt.timedelta(days=40),
                                   actor=actor, today=today)
    contract_actions.milestone_add(contract=works, title="主体工程完工",
                                   due_on=today + dt.timedelta(days=120), actor=actor)
    contract_actions.payment_add(contract=works, paid_on=signed + dt.timedelta(days=5),
                                 amount=Decimal("1560000"), note="预付款 30%", actor=actor)
    furniture = _demo_contract(
        agency, actor, title="办公家具采购合同", number="演示-2026-02", kind="procurement",
        amount=Decimal("860000"), starts_on=signed, ends_on=today + dt.timedelta(days=90))
    contract_actions.contract_sign(contract=furniture, signed_on=signed, actor=actor,
                                   today=today)
    lease = _demo_contract(
        agency, actor, title="周转用房租赁合同", number="演示-2026-03", kind="lease",
        amount=Decimal("360000"), starts_on=today - dt.timedelta(days=330),
        ends_on=today + dt.timedelta(days=35))
    lease = contract_actions.contract_sign(contract=lease,
                                           signed_on=today - dt.timedelta(days=335),
                                           actor=actor, today=today)
    contract_actions.contract_file(contract=lease, region=city,
                                   filed_on=today - dt.timedelta(days=320),
                                   actor=actor, today=today)
    draft = _demo_contract(
        agency, actor, title="机关食堂合作经营协议", number="演示-2026-04", kind="cooperation",
        amount=Decimal("1200000"), starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30 + 3 * 365))
    contract_actions.contract_submit_review(contract=draft, materials=[("合作协议文本", None)],
                                            actor=actor, today=today)
    contract_actions.contract_scan(today=today, actor=actor)
    return 4


DEMO_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _pdf(name: str) -> Any:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def load_decisions_demo(today: dt.date, actor: Any = None) -> int:
    """Hangzhou's catalogue of the year and, when a Hangzhou agency exists (`manage.py demo`),
    three decisions: one decided and published, one waiting for its legality review (past
    its period: overdue), one just registered. Idempotent."""
    city = Region.objects.filter(code="330100").first()
    if city is None or CatalogueItem.objects.filter(region=city, year=today.year).exists():
        return 0
    items = [decisions.catalogue_add(region=city, year=today.year, title=t, kind=k,
                                     sponsor=sp, planned=pl, actor=actor)
             for t, k, sp, pl in [
                 ("市级机关集中办公区食堂社会化改革", "business", "后勤服务处", "第二季度"),
                 ("市级机关办公用房维修改造（一期）", "construction", "房产管理处", "第三季度"),
                 ("市级机关公务用车平台运行管理办法", "policy", "车辆管理处", "第四季度")]]
    agency = Agency.objects.filter(region=city).order_by("pk").first()
    if agency is None:
        return 0
    made = []
    for item, amount in zip(items, (Decimal("3200000"), Decimal("12800000"), None),
                            strict=True):
        made.append(decisions.decision_create(data={
            "agency": agency, "title": item.title, "kind": item.kind, "amount": amount,
            "catalogue_item": item, "sponsor": item.sponsor,
            "summary": "演示数据：决策草案要点。"}, actor=actor))
    canteen, repair, _ = made
    start = today - dt.timedelta(days=40)
    for decision in (canteen, repair):
        decisions.step_record(decision=decision, kind="participation", status="done",
                              on=start, people="市级机关干部职工代表 40 人",
                              outcome="收到意见 15 条，采纳 9 条",
                              upload=_pdf("征求意见汇总.pdf"), document_title="征求意见采纳情况",
                              actor=actor, today=today)
        decisions.step_record(decision=decision, kind="experts", status="done", on=start,
                              people="建筑、财务、法律专家 5 人", outcome="方案可行，建议分期实施",
                              actor=actor, today=today)
        decisions.step_record(decision=decision, kind="risk", status="na",
                              reason="不直接涉及群众切身利益，经评估无需开展社会稳定风险评估",
                              actor=actor, today=today)
    review = decisions.review_submit(decision=canteen, materials=[
        ("决策草案", _pdf("决策草案.pdf")), ("起草说明", None), ("法律依据", None)],
        actor=actor, today=start + dt.timedelta(days=1))
    reviews.opinion_add(review=review, item="决策事项是否符合法定权限", verdict="lawful",
                        reasoning="", actor=actor)
    reviews.opinion_add(review=review, item="决策草案内容是否符合有关规定", verdict="amend",
                        reasoning="服务采购应当依法采用政府购买服务方式，建议修改第五条",
                        actor=actor)
    reviews.review_conclude(review=review, summary="修改后合法", actor=actor,
                            today=start + dt.timedelta(days=6))
    held = start + dt.timedelta(days=10)
    talk = decisions.discussion_open(decision=canteen, meeting="局长办公会议", held_on=held,
                                     chair="王局长", attendees="王局长、李副局长、赵副局长、陈处长",
                                     actor=actor)
    for speaker, position, text in [("李副局长", "agree", ""),
                                    ("赵副局长", "disagree", "改革过渡期职工就餐保障方案不够具体"),
                                    ("陈处长", "agree", "")]:
        decisions.opinion_add(discussion=talk, speaker=speaker, position=position, text=text,
                              actor=actor)
    decisions.decide(decision=canteen, decided_on=held, decided_by="王局长", result="adopt",
                     text="同意。过渡期保障方案由后勤服务处细化后报局长审定。", actor=actor,
                     today=today)
    decisions.step_record(decision=canteen, kind="publication", status="done",
                          on=held + dt.timedelta(days=3), outcome="在局门户网站公布",
                          actor=actor, today=today)
    decisions.review_submit(decision=repair, materials=[("决策草案", _pdf("维修方案.pdf"))],
                            actor=actor, today=start + dt.timedelta(days=2))
    return len(Decision.objects.filter(pk__in=[d.pk for d in made]))
