"""Training (培训): courses a bureau organises (the yearly course for leaders, 领导干部培训, and
others), their sessions (one per day or half-day, each with its hours), the trainees — people
of the orgs register — and who attended each session. A trainee completes the course when
the hours attended reach the course's required share of its hours (rules.completed).

A course is seen by the organiser's region and by the regions its trainees work in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet
from jiguan.guidance.training.data import DEFAULT_REQUIRED_SHARE


class CourseKind(models.TextChoices):
    LEADERS = "leaders", "领导干部培训"
    BUSINESS = "business", "业务培训"
    NEW_STAFF = "new_staff", "新任职人员培训"
    SPECIAL = "special", "专题培训"


class CourseQuerySet(ScopedQuerySet["Course"]):
    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = ("region__path", "trainees__person__agency__region__path")
    agency_field = None
    scope_distinct = True


class Course(ScopedModel):
    """One training course (培训班) organised by the bureau of `region`."""

    region = models.ForeignKey("access.Region", verbose_name="主办区划", on_delete=models.PROTECT,
                               related_name="+")
    organiser = models.CharField("主办单位", max_length=100)
    kind = models.CharField("培训类型", max_length=12, choices=CourseKind.choices)
    title = models.CharField("培训班名称", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    hours = models.DecimalField("培训学时", max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5"))])
    place = models.CharField("培训地点", max_length=200)
    required_share = models.DecimalField(
        "结业所需出勤比例", max_digits=3, decimal_places=2,
        default=DEFAULT_REQUIRED_SHARE,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1))],
        help_text="出勤学时达到培训学时的该比例即为结业（如 0.80）")
    note = models.TextField("备注", blank=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region(self) -> Any:
        return self.region

    @property
    def required_hours(self) -> Decimal:
        """The hours a trainee must attend to complete the course (rules.completed)."""
        return (self.hours * self.required_share).quantize(Decimal("0.1"))


class Session(BaseModel):
    """One session (课次) of a course: a day or a half-day, with its hours."""

    course = models.ForeignKey(Course, verbose_name="培训班", on_delete=models.CASCADE,
                               related_name="sessions")
    on = models.DateField("日期")
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    topic = models.CharField("课程内容", max_length=200)

    class Meta:
        verbose_name = "培训课次"
        verbose_name_plural = "培训课次"
        ordering = ["course", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.topic}"


class TraineeQuerySet(ScopedQuerySet["Trainee"]):
    scope_perm = Perm.VIEW_GUIDANCE
    region_path_field = ("course__region__path", "person__agency__region__path")
    agency_field = None


class Trainee(ScopedModel):
    """A person of the register enrolled in a course."""

    course = models.ForeignKey(Course, verbose_name="培训班", on_delete=models.CASCADE,
                               related_name="trainees")
    person = models.ForeignKey("orgs.Person", verbose_name="学员", on_delete=models.PROTECT,
                               related_name="+")

    objects = TraineeQuerySet.as_manager()
    scope_region_path_attr = "person.agency.region.path"

    class Meta:
        verbose_name = "学员"
        verbose_name_plural = "学员"
        ordering = ["course", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "person"],
                                               name="guidance_trainee_once")]

    def __str__(self) -> str:
        return str(self.person)


class Attendance(BaseModel):
    """A trainee present at a session (no row: absent)."""

    session = models.ForeignKey(Session, verbose_name="课次", on_delete=models.CASCADE,
                                related_name="attendances")
    trainee = models.ForeignKey(Trainee, verbose_name="学员", on_delete=models.CASCADE,
                                related_name="attendances")

    class Meta:
        verbose_name = "出勤"
        verbose_name_plural = "出勤"
        ordering = ["session", "trainee"]
        constraints = [models.UniqueConstraint(fields=["session", "trainee"],
                                               name="guidance_attendance_once")]

    def __str__(self) -> str:
        return f"{self.trainee} @ {self.session}"
