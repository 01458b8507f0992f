"""Leaders whose economic responsibility is audited (经济责任审计): a person of the orgs
people register, the post held and its term. A term ends when the person leaves the post
(a transfer or a retirement in the register); a departing leader's audit is then due."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from jiguan.access.roles import Perm
from jiguan.core.scoping import ScopedModel, ScopedQuerySet


class TermEnd(models.TextChoices):
    TRANSFERRED = "transferred", "调离"
    RETIRED = "retired", "退休"
    POST_CHANGED = "post_changed", "职务变动"


class LeaderTermQuerySet(ScopedQuerySet["LeaderTerm"]):
    scope_perm = Perm.INTERNAL_AUDIT_VIEW
    region_path_field = "agency__region__path"
    agency_field = "agency_id"

    def open(self) -> LeaderTermQuerySet:
        return self.filter(end_date__isnull=True)


class LeaderTerm(ScopedModel):
    """One leader's term in one post of one agency (任职期间)."""

    person = models.ForeignKey("orgs.Person", verbose_name="领导干部", on_delete=models.PROTECT,
                               related_name="leader_terms")
    agency = models.ForeignKey("orgs.Agency", verbose_name="任职单位", on_delete=models.PROTECT,
                               related_name="leader_terms")
    post = models.CharField("职务", max_length=100)
    start_date = models.DateField("任职起始日期")
    end_date = models.DateField("离任日期", null=True, blank=True)
    end_reason = models.CharField("离任原因", max_length=15, choices=TermEnd.choices,
                                  blank=True)

    scope_region_path_attr = "agency.region.path"
    scope_agency_id_attr = "agency_id"
    objects = LeaderTermQuerySet.as_manager()

    class Meta:
        verbose_name = "领导干部任职"
        verbose_name_plural = "领导干部任职"
        ordering = ["agency_id", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="internalaudit_one_open_term",
                                    violation_error_message="该人员已有在任的任职记录"),
            models.CheckConstraint(
                name="internalaudit_term_dates_in_order",
                violation_error_message="离任日期不能早于任职起始日期",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date"))),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.agency.name}{self.post}）"

    @property
    def audit_region(self) -> Any:
        return self.agency.region
