"""Policy as code: every rule the platform enforces names its library entry (by 文号) and
article. The rule's page lists "where the platform applies this article"; a rule that is
repealed or amended but still applied here is flagged to the province (queries.policy_flags).

Each entry says where the code is (module) and the page that shows it (url name); the
article is marked unverified where docs/../shared/docs/domain-rules.md marks it [R] or does
not give it. A new enforced rule is added here with its tests (tests/test_policy.py checks
that every module named exists)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyUse:
    key: str
    number: str          # the library entry's 文号 (or standard number)
    article: str         # 第X条, or the part of the document ("表1")
    what: str            # what the platform enforces, in Chinese
    module: str          # where the code is
    url_name: str = ""   # the page that shows it
    verified: bool = True  # False: the article (or number) is [R] in domain-rules.md
    historical: bool = False  # deliberately applies a superseded text (stale-data checks)


REGISTRY: tuple[PolicyUse, ...] = (
    PolicyUse("space.office_area_2014", "发改投资〔2014〕2674号", "第十一条（办公室使用面积表）",
              "办公室人均使用面积上限（按机关级别和职级）", "jiguan.space.standards.data",
              "space:standards", verified=False),
    PolicyUse("space.office_area_1999", "计投资〔1999〕2250号", "办公室使用面积表",
              "按1999年标准识别未更新的旧数据", "jiguan.space.standards.data",
              "space:standards", historical=True),
    PolicyUse("space.vacate_deadlines", "中办发〔2017〕64号", "第十九条",
              "调离或退休一个月内、兼职结束两个月内腾退办公用房", "jiguan.space.returns.rules",
              "space_returns:case_list", verified=False),
    PolicyUse("space.no_letting", "国务院令第621号", "第二十三条",
              "不得出租、出借办公用房；租用须经本级政府批准", "jiguan.space.leases.rules",
              "space_leases:lease_list"),
    PolicyUse("space.repair_standards", "国务院令第688号", "第二十八条",
              "维修办公用房履行审批程序、执行维修标准", "jiguan.space.repairs.rules",
              "space_repairs:repair_list"),
    PolicyUse("travel.vehicle_caps", "中办发〔2017〕71号", "第六条及配备标准",
              "公务用车编制管理和配备价格、排气量上限", "jiguan.travel.vehicles.rules",
              "travel:standard_list", verified=False),
    PolicyUse("energy.coefficients", "GB/T 2589-2020", "附录A",
              "能源折标准煤系数（电力当量值0.1229 kgce/kWh 等）", "jiguan.energy.coefficients_data",
              "", verified=False),
    PolicyUse("energy.annual_report", "国务院令第531号", "第十五条",
              "每年3月31日前报送上一年度能源消费状况报告", "jiguan.energy.rules", ""),
    PolicyUse("energy.targets", "国务院令第531号", "第十三条",
              "年度节能目标和实施方案报本级机关事务主管部门", "jiguan.energy.rules", ""),
    PolicyUse("energy.water_saving", "水资源〔2013〕389号", "建设目标",
              "省级事业单位节水型单位建成比例不低于50%", "jiguan.energy.rules", "",
              verified=False),
)


def uses_of(number: str) -> list[PolicyUse]:
    """The platform's uses of one library entry."""
    return [u for u in REGISTRY if u.number == number]


def numbers() -> set[str]:
    return {u.number for u in REGISTRY}
