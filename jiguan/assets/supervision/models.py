"""Supervising the group and its holdings (监管): the external supervisory boards (外派监事会)
with their members, the companies they supervise, meetings, reports and the issues they
raise; each holding's periodic financial statements with the indicators computed from them;
and the major-matter reports (重大事项报告) the bureau acknowledges.

A holding is an operating entity of jiguan/assets/entities whose transfer route ended with
the group (status 集团持有); statements and matters may also be kept for an entity still on
its route (the bureau supervises it from the day the group takes it over)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


def _money(label: str, **kwargs: Any) -> Any:
    return models.DecimalField(label, max_digits=16, decimal_places=2, **kwargs)


def _ratio(label: str) -> Any:
    return models.DecimalField(label, max_digits=12, decimal_places=2, null=True, blank=True)


class MemberRole(models.TextChoices):
    CHAIR = "chair", "监事会主席"
    FULL_TIME = "full_time", "专职监事"
    PART_TIME = "part_time", "兼职监事"
    STAFF = "staff", "职工监事"


class IssueStatus(models.TextChoices):
    OPEN = "open", "待反馈"
    ANSWERED = "answered", "已反馈"


class Period(models.TextChoices):
    """The reporting periods of a year, each ending on its quarter's last day."""

    Q1 = "q1", "一季度"
    H1 = "h1", "半年度"
    Q3 = "q3", "三季度"
    ANNUAL = "annual", "年度"


PERIOD_END = {Period.Q1: (3, 31), Period.H1: (6, 30), Period.Q3: (9, 30),
              Period.ANNUAL: (12, 31)}


class MatterKind(models.TextChoices):
    INVESTMENT = "investment", "对外投资"
    GUARANTEE = "guarantee", "对外担保"
    ASSET_SALE = "asset_sale", "资产转让"
    OTHER = "other", "其他重大事项"


class MatterStatus(models.TextChoices):
    FILED = "filed", "已备案"
    PENDING = "pending", "待确认"
    ACKNOWLEDGED = "acknowledged", "已确认"


class BoardQuerySet(ScopedQuerySet["SupervisoryBoard"]):
    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "region__path"


class SupervisoryBoard(ScopedModel):
    """An external supervisory board (外派监事会) sent by a region's bureau to the group's
    companies."""

    region = models.ForeignKey("access.Region", verbose_name="派出区划", on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField("监事会名称", max_length=100)
    formed_on = models.DateField("组建日期")
    companies = models.ManyToManyField("assets.Entity", verbose_name="监督企业", blank=True,
                                       related_name="supervisory_boards")
    note = models.CharField("说明", max_length=300, blank=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        verbose_name = "外派监事会"
        verbose_name_plural = "外派监事会"
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"],
                                               name="assets_board_name",
                                               violation_error_message="该区划已有同名监事会")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_region(self) -> Any:
        return self.region


class BoardPartQuerySet(ScopedQuerySet[Any]):
    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "board__region__path"


class BoardMember(ScopedModel):
    board = models.ForeignKey(SupervisoryBoard, verbose_name="监事会", on_delete=models.CASCADE,
                              related_name="members")
    name = models.CharField("姓名", max_length=50)
    person = models.ForeignKey("orgs.Person", verbose_name="人员名册", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    role = models.CharField("职务", max_length=10, choices=MemberRole.choices)
    appointed_on = models.DateField("任职日期")
    left_on = models.DateField("离任日期", null=True, blank=True)

    scope_region_path_attr = "board.region.path"
    objects = BoardPartQuerySet.as_manager()

    class Meta:
        verbose_name = "监事会成员"
        verbose_name_plural = "监事会成员"
        ordering = ["board_id", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    @property
    def audit_region(self) -> Any:
        return self.board.region


class BoardMeeting(ScopedModel):
    board = models.ForeignKey(SupervisoryBoard, verbose_name="监事会", on_delete=models.CASCADE,
                              related_name="meetings")
    held_on = models.DateField("会议日期")
    subject = models.CharField("议题", max_length=200)
    minutes = models.TextField("会议纪要", max_length=4000, blank=True)

    scope_region_path_attr = "board.region.path"
    objects = BoardPartQuerySet.as_manager()

    class Meta:
        verbose_name = "监事会会议"
        verbose_name_plural = "监事会会议"
        ordering = ["board_id", "-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.subject}"

    @property
    def audit_region(self) -> Any:
        return self.board.region


class BoardReport(ScopedModel):
    board = models.ForeignKey(SupervisoryBoard, verbose_name="监事会", on_delete=models.CASCADE,
                              related_name="reports")
    company = models.ForeignKey("assets.Entity", verbose_name="监督企业", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    title = models.CharField("报告标题", max_length=200)
    period = models.CharField("报告期", max_length=30, help_text="例如：2025年度")
    submitted_on = models.DateField("报送日期")
    summary = models.TextField("主要内容", max_length=4000, blank=True)

    scope_region_path_attr = "board.region.path"
    objects = BoardPartQuerySet.as_manager()

    class Meta:
        verbose_name = "监事会报告"
        verbose_name_plural = "监事会报告"
        ordering = ["board_id", "-submitted_on"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.board.region


class BoardIssue(ScopedModel):
    """A matter a board raised with a company; the company's answer closes it (an open one
    is a to-do of the assets division)."""

    board = models.ForeignKey(SupervisoryBoard, verbose_name="监事会", on_delete=models.CASCADE,
                              related_name="issues")
    company = models.ForeignKey("assets.Entity", verbose_name="监督企业",
                                on_delete=models.PROTECT, related_name="board_issues")
    raised_on = models.DateField("提出日期")
    description = models.TextField("问题", max_length=2000)
    due_date = models.DateField("反馈期限")
    status = models.CharField("状态", max_length=10, choices=IssueStatus.choices,
                              default=IssueStatus.OPEN)
    answer = models.TextField("整改反馈", max_length=2000, blank=True)
    answered_on = models.DateField("反馈日期", null=True, blank=True)

    scope_region_path_attr = "board.region.path"
    objects = BoardPartQuerySet.as_manager()

    class Meta:
        verbose_name = "监事会提出问题"
        verbose_name_plural = "监事会提出问题"
        ordering = ["status", "due_date", "pk"]
        constraints = [models.CheckConstraint(
            name="assets_issue_due_after_raised",
            condition=models.Q(due_date__gte=models.F("raised_on")),
            violation_error_message="反馈期限不能早于提出日期")]

    def __str__(self) -> str:
        return f"{self.company} · {self.description[:20]}"

    @property
    def audit_region(self) -> Any:
        return self.board.region

    @property
    def is_open(self) -> bool:
        return self.status == IssueStatus.OPEN


class HoldingPartQuerySet(ScopedQuerySet[Any]):
    """Statements and matters are seen as their entity is: a bureau its regions' holdings,
    an agency the holdings it once ran."""

    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "entity__region__path"
    agency_field = "entity__agency_id"


class Statement(ScopedModel):
    """A holding's financial statement for one period (资产负债表和利润表的主要项目), with
    the indicators computed from it (see supervision/rules.py) and the warnings they
    raised. Money in 元."""

    entity = models.ForeignKey("assets.Entity", verbose_name="企业", on_delete=models.PROTECT,
                               related_name="statements")
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("报告期", max_length=8, choices=Period.choices)
    period_end = models.DateField("报告期末")
    revenue = _money("营业收入（元）")
    profit = _money("利润总额（元）")
    total_assets = _money("资产总额（元）")
    liabilities = _money("负债总额（元）")
    equity = _money("期末所有者权益（元）")
    equity_start = _money("期初所有者权益（元）", null=True, blank=True)
    capital_injected = _money("本期国家增资等客观增加（元）", default=0)
    capital_withdrawn = _money("本期减资、无偿划出等客观减少（元）", default=0)
    maintenance_ratio = _ratio("国有资本保值增值率（%）")
    debt_ratio = _ratio("资产负债率（%）")
    profit_margin = _ratio("营业利润率（%）")
    warnings = models.JSONField("预警", default=list, blank=True)
    warning_count = models.PositiveSmallIntegerField("预警数", default=0)
    reviewed_on = models.DateField("预警核实日期", null=True, blank=True)
    review_note = models.CharField("核实意见", max_length=300, blank=True)
    import_job_id = models.IntegerField("导入批次", null=True, blank=True, editable=False)

    scope_region_path_attr = "entity.region.path"
    scope_agency_id_attr = "entity.agency_id"
    objects = HoldingPartQuerySet.as_manager()

    class Meta:
        verbose_name = "财务报表"
        verbose_name_plural = "财务报表"
        ordering = ["entity_id", "period_end"]
        constraints = [models.UniqueConstraint(fields=["entity", "year", "period"],
                                               name="assets_statement_period",
                                               violation_error_message="该企业已有此报告期的报表")]
        indexes = [models.Index(fields=["period_end"])]

    def __str__(self) -> str:
        return f"{self.entity} {self.year}年{self.get_period_display()}"

    @property
    def audit_region(self) -> Any:
        return self.entity.region

    @property
    def label(self) -> str:
        return f"{self.year}年{self.get_period_display()}"

    @property
    def has_warnings(self) -> bool:
        return bool(self.warnings)


def period_end(year: int, period: str) -> dt.date:
    month, day = PERIOD_END[Period(period)]
    return dt.date(year, month, day)


class MajorMatter(ScopedModel):
    """A major-matter report (重大事项报告) of a holding: big investments, guarantees, asset
    sales. At or above the configured amount it waits for the bureau's acknowledgement (a
    to-do); below it is filed (备案)."""

    entity = models.ForeignKey("assets.Entity", verbose_name="企业", on_delete=models.PROTECT,
                               related_name="major_matters")
    kind = models.CharField("事项类型", max_length=12, choices=MatterKind.choices)
    title = models.CharField("事项名称", max_length=200)
    amount = _money("金额（元）")
    reported_on = models.DateField("报告日期")
    description = models.TextField("事项说明", max_length=4000, blank=True)
    status = models.CharField("状态", max_length=14, choices=MatterStatus.choices)
    acknowledged_on = models.DateField("确认日期", null=True, blank=True)
    acknowledged_by = models.ForeignKey("access.User", verbose_name="确认人", null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    ack_note = models.CharField("确认意见", max_length=300, blank=True)

    scope_region_path_attr = "entity.region.path"
    scope_agency_id_attr = "entity.agency_id"
    objects = HoldingPartQuerySet.as_manager()

    class Meta:
        verbose_name = "重大事项报告"
        verbose_name_plural = "重大事项报告"
        ordering = ["-reported_on", "-pk"]
        constraints = [models.CheckConstraint(name="assets_matter_amount_non_negative",
                                              condition=models.Q(amount__gte=0),
                                              violation_error_message="金额不能小于零")]

    def __str__(self) -> str:
        return f"{self.entity} · {self.title}"

    @property
    def audit_region(self) -> Any:
        return self.entity.region
