"""Reallocation plans (调剂方案): a solved plan per region, its moves, and pinned rooms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models

from jiguan.core.scoping import ScopedModel, ScopedQuerySet
from jiguan.space.register.models import Room


class PlanStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "求解中"
    DONE = "done", "已求解"
    FAILED = "failed", "失败"
    ACCEPTED = "accepted", "已采纳"


class MoveKind(models.TextChoices):
    MOVE = "move", "本单位内调整"
    ALLOCATE = "allocate", "调剂配置"
    RETURN = "return", "腾退交回"


class PlanQuerySet(ScopedQuerySet["Plan"]):
    scope_perm = "view_space"
    region_path_field = "region__path"


class Plan(ScopedModel):
    """A proposed plan of moves for one region (its subtree), as the solver returned it."""

    region = models.ForeignKey("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.QUEUED)
    stage = models.CharField("进度", max_length=60, blank=True)
    percent = models.PositiveSmallIntegerField("进度百分比", default=0)
    message = models.TextField("说明", blank=True)
    before = models.JSONField("调整前", default=dict)
    after = models.JSONField("调整后", default=dict)
    optimal = models.BooleanField("已证明最优", default=False)
    seconds = models.DecimalField("求解用时（秒）", max_digits=8, decimal_places=3,
                                  default=Decimal(0))
    variables = models.PositiveIntegerField("变量数", default=0)
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)
    accepted_by = models.ForeignKey("access.User", verbose_name="采纳人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "调剂方案"
        verbose_name_plural = "调剂方案"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.region} 调剂方案 #{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in (PlanStatus.QUEUED, PlanStatus.RUNNING)

    @property
    def audit_region(self) -> Any:
        return self.region


class PlanMove(models.Model):
    """One line of a plan: a group of people moving to a room (or a room going back)."""

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.CASCADE,
                             related_name="moves")
    kind = models.CharField("类型", max_length=10, choices=MoveKind.choices)
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT,
                               related_name="+")
    people = models.CharField("人员", max_length=300, blank=True)
    person_ids = models.JSONField("人员编号", default=list)
    from_room = models.ForeignKey(Room, verbose_name="原房间", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    to_room = models.ForeignKey(Room, verbose_name="新房间", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    limit_total = models.DecimalField("人均标准合计", max_digits=10, decimal_places=2,
                                      default=Decimal(0))
    over_before = models.DecimalField("调整前超标/缺额", max_digits=10, decimal_places=2,
                                      default=Decimal(0))
    over_after = models.DecimalField("调整后超标/缺额", max_digits=10, decimal_places=2,
                                     default=Decimal(0))
    item_ref = models.CharField("已建事项", max_length=60, blank=True)

    class Meta:
        verbose_name = "调剂方案明细"
        verbose_name_plural = "调剂方案明细"
        ordering = ["plan_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.people or self.from_room}"


class PinQuerySet(ScopedQuerySet["RoomPin"]):
    scope_perm = "view_space"
    region_path_field = "room__building__region__path"


class RoomPin(ScopedModel):
    """A room the optimiser must leave as it is (its people stay, a vacant one stays)."""

    scope_region_path_attr: ClassVar[str | None] = "room.building.region.path"

    room = models.OneToOneField(Room, verbose_name="房间", on_delete=models.CASCADE,
                                related_name="pin")
    note = models.CharField("原因", max_length=200, blank=True)

    objects = PinQuerySet.as_manager()

    class Meta:
        verbose_name = "固定房间"
        verbose_name_plural = "固定房间"
        ordering = ["room_id"]

    def __str__(self) -> str:
        return f"固定：{self.room}"

    @property
    def audit_region(self) -> Any:
        return self.room.building.region
