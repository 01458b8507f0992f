"""Operating entities (经营性资产: training centres, guesthouses, hotels ...) and their
decoupling and transfer (脱钩划转): the programme, its batches, each entity's route and the
ordered steps of that route."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models

from jiguan.access.roles import Perm
from jiguan.core import scoping
from jiguan.core.scoping import ScopedModel, ScopedQuerySet

NON_NEGATIVE = [MinValueValidator(0)]


class EntityKind(models.TextChoices):
    TRAINING = "training", "培训中心"
    GUESTHOUSE = "guesthouse", "招待所"
    HOTEL = "hotel", "宾馆酒店"
    SANATORIUM = "sanatorium", "疗养院"
    OTHER = "other", "其他"


class Route(models.TextChoices):
    TRANSFER = "transfer", "划转"
    DISSOLVE = "dissolve", "撤销"
    MERGE = "merge", "合并"
    HANDOVER = "handover", "移交"


class StepKind(models.TextChoices):
    AUDIT = "audit", "审计"
    APPRAISAL = "appraisal", "资产评估"
    PLACEMENT = "placement", "人员安置"
    AGREEMENT = "agreement", "协议签订"
    REGISTRATION = "registration", "登记变更"
    BUILDINGS = "buildings", "房产移交"
    CLOSED = "closed", "关闭"


class EntityStatus(models.TextChoices):
    PENDING = "pending", "未启动"
    IN_PROGRESS = "in_progress", "进行中"
    HOLDING = "holding", "集团持有"
    DISSOLVED = "dissolved", "已撤销"
    MERGED = "merged", "已合并"
    HANDED_OVER = "handed_over", "已移交"


DONE_STATUSES = (EntityStatus.HOLDING, EntityStatus.DISSOLVED, EntityStatus.MERGED,
                 EntityStatus.HANDED_OVER)


class ProgrammeQuerySet(ScopedQuerySet["Programme"]):
    """Every holder of the read permission sees the programmes and their batches (a county
    bureau follows its entities in the province's batches, as it reads the standards);
    writing one needs the permission at its region (`access.scope.require`)."""

    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "region__path"

    def scope_q(self, user: Any, perm: str) -> models.Q:
        if perm == Perm.VIEW_ASSETS and scoping.holds(user, perm):
            return models.Q()
        return super().scope_q(user, perm)


class Programme(ScopedModel):
    """A decoupling programme (脱钩划转工作方案) of a region's bureau, with its receiver."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField("方案名称", max_length=100)
    doc_no = models.CharField("方案文号", max_length=60, blank=True)
    receiver = models.CharField("接收集团", max_length=100, default="浙勤集团")
    started_on = models.DateField("启动日期")

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = "脱钩划转方案"
        verbose_name_plural = "脱钩划转方案"
        ordering = ["-started_on", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_region(self) -> Any:
        return self.region


class BatchQuerySet(ScopedQuerySet["Batch"]):
    """Every holder of the read permission sees the programmes and their batches (a county
    bureau follows its entities in the province's batches, as it reads the standards);
    writing one needs the permission at its region (`access.scope.require`)."""

    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "programme__region__path"

    def scope_q(self, user: Any, perm: str) -> models.Q:
        if perm == Perm.VIEW_ASSETS and scoping.holds(user, perm):
            return models.Q()
        return super().scope_q(user, perm)


class Batch(ScopedModel):
    programme = models.ForeignKey(Programme, verbose_name="方案", on_delete=models.PROTECT,
                                  related_name="batches")
    number = models.PositiveSmallIntegerField("批次号", validators=[MinValueValidator(1)])
    name = models.CharField("批次名称", max_length=100)
    start_date = models.DateField("开始日期")
    deadline = models.DateField("完成期限")

    scope_region_path_attr = "programme.region.path"
    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = "划转批次"
        verbose_name_plural = "划转批次"
        ordering = ["programme_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="assets_batch_number",
                                    violation_error_message="该方案已有此批次号"),
            models.CheckConstraint(name="assets_batch_dates",
                                   condition=models.Q(deadline__gte=models.F("start_date")),
                                   violation_error_message="完成期限不能早于开始日期"),
        ]

    def __str__(self) -> str:
        return f"第{self.number}批 {self.name}"

    @property
    def audit_region(self) -> Any:
        return self.programme.region


class EntityQuerySet(ScopedQuerySet["Entity"]):
    """A bureau sees the entities of its regions; an agency the entities it ran."""

    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "region__path"
    agency_field = "agency_id"


class Entity(ScopedModel):
    name = models.CharField("名称", max_length=100)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    kind = models.CharField("类型", max_length=12, choices=EntityKind.choices)
    agency = models.ForeignKey("orgs.Agency", verbose_name="原主管单位", on_delete=models.PROTECT,
                               related_name="operating_entities")
    region = models.ForeignKey("access.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="+")
    buildings = models.ManyToManyField("space.Building", verbose_name="房产", blank=True,
                                       related_name="operating_entities")
    book_value = models.DecimalField("资产账面价值（元）", max_digits=16, decimal_places=2,
                                     validators=NON_NEGATIVE)
    staff_count = models.PositiveIntegerField("职工人数")
    revenue_last_year = models.DecimalField("上年营业收入（元）", max_digits=16,
                                            decimal_places=2, validators=NON_NEGATIVE)
    batch = models.ForeignKey(Batch, verbose_name="批次", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="entities")
    route = models.CharField("路径", max_length=10, choices=Route.choices, blank=True)
    receiver = models.CharField("接收方", max_length=100, blank=True,
                                help_text="移交的接收单位，或合并的存续主体")
    status = models.CharField("状态", max_length=12, choices=EntityStatus.choices,
                              default=EntityStatus.PENDING)
    current_step = models.CharField("当前环节", max_length=12, choices=StepKind.choices,
                                    blank=True)
    holder = models.CharField("现持有方", max_length=100, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    import_job_id = models.IntegerField("导入批次", null=True, blank=True, editable=False)

    scope_agency_id_attr = "agency_id"
    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = "经营性单位"
        verbose_name_plural = "经营性单位"
        ordering = ["region__path", "name"]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_region(self) -> Any:
        return self.region

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES


class StepQuerySet(ScopedQuerySet["Step"]):
    scope_perm = Perm.VIEW_ASSETS
    region_path_field = "entity__region__path"
    agency_field = "entity__agency_id"


class Step(ScopedModel):
    """One step of an entity's route, in its order; done when `done_on` is set."""

    entity = models.ForeignKey(Entity, verbose_name="单位", on_delete=models.CASCADE,
                               related_name="steps")
    kind = models.CharField("环节", max_length=12, choices=StepKind.choices)
    order = models.PositiveSmallIntegerField("顺序")
    due_date = models.DateField("计划完成日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    documents = models.CharField("文件（文号或名称）", max_length=300, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    appraised_value = models.DecimalField("评估价值（元）", max_digits=16, decimal_places=2,
                                          null=True, blank=True, validators=NON_NEGATIVE)
    placed = models.PositiveIntegerField("安置人数", null=True, blank=True)
    retired = models.PositiveIntegerField("退休人数", null=True, blank=True)
    other = models.PositiveIntegerField("其他方式人数", null=True, blank=True)

    scope_region_path_attr = "entity.region.path"
    scope_agency_id_attr = "entity.agency_id"
    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = "划转环节"
        verbose_name_plural = "划转环节"
        ordering = ["entity_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "kind"], name="assets_step_once",
                                    violation_error_message="该单位已有此环节"),
            models.CheckConstraint(name="assets_step_appraised_non_negative",
                                   condition=models.Q(appraised_value__gte=0)
                                   | models.Q(appraised_value__isnull=True),
                                   violation_error_message="评估价值不能小于零"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.get_kind_display()}"

    @property
    def audit_region(self) -> Any:
        return self.entity.region

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
