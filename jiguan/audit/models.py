"""The audit trail: one append-only table, written only through audit.record().

等保 2.0 8.1.4.3: every user, important actions and security events, with time, user, event
type and outcome; records protected from change and deletion. The application never
updates or deletes a row (save() of an existing row and QuerySet.update/delete raise); on
PostgreSQL a trigger rejects UPDATE and DELETE as well (migration 0002). The 网络安全法
第二十一条 asks for at least 6 months of logs: nothing in the platform deletes events.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NoReturn

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q

from jiguan.core import scoping
from jiguan.core.scoping import ScopedQuerySet


class AppendOnlyError(RuntimeError):
    pass


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class AuditEventQuerySet(ScopedQuerySet["AuditEvent"]):
    scope_perm = "view_audit"  # Perm.VIEW_AUDIT
    region_path_field = "region_path"

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计日志只能追加，不能修改")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("审计日志只能追加，不能删除")

    def visible_to(self, user: Any, perm: str | None = None) -> AuditEventQuerySet:
        """Auditors and the province admin read events in their region subtree; the
        audit administrator (审计管理员) reads all of them, platform events included."""
        from jiguan.access.roles import Role

        if scoping.holds_role(user, {Role.AUDIT_ADMIN}):
            return self.all()
        return super().visible_to(user, perm)

    def for_target(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))


class AuditEvent(models.Model):
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                              related_name="+")
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    event_type = models.CharField("事件类型", max_length=60, db_index=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices,
                               default=Outcome.SUCCESS)
    target_type = models.CharField("对象类型", max_length=60, blank=True)
    target_id = models.CharField("对象编号", max_length=40, blank=True)
    target_repr = models.CharField("对象", max_length=200, blank=True)
    region = models.ForeignKey("access.Region", verbose_name="区划", null=True, blank=True,
                               on_delete=models.DO_NOTHING, db_constraint=False,
                               related_name="+")
    # A copy of the region's path, so scoped reads need no join and survive tree edits.
    region_path = models.CharField(max_length=120, blank=True, db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    extra = models.JSONField("附加信息", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [models.CheckConstraint(name="audit_event_type_not_empty",
                                              condition=~Q(event_type=""))]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计日志只能追加，不能删除")

    @property
    def event_label(self) -> str:
        from jiguan.audit.events import label_for

        return label_for(self.event_type)

    @property
    def actor_label(self) -> str:
        """Who did it: the account, or 系统 for what the platform did by itself (a
        scheduled check, a recompute)."""
        return self.actor_name or "系统（自动）"

    @property
    def source_label(self) -> str:
        """How the change came: the import job that made it, when one did."""
        job = (self.extra or {}).get("import_job")
        return f"导入批次 #{job}" if job else ""

    @property
    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """(field label, old, new) per changed field: "编制数：67 → 70", not the field's
        code name. Labels come from the target model's fields (by the stored type)."""
        labels = field_labels(self.target_type)
        rows: list[tuple[str, Any, Any]] = []
        for name, pair in (self.changes or {}).items():
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            rows.append((labels.get(name, name), old, new))
        return rows


@lru_cache(maxsize=256)
def field_labels(target_type: str) -> dict[str, str]:
    """{field name: verbose name} of the model stored as ``target_type`` ("app.model"),
    empty when it is unknown (a model since removed)."""
    if "." not in target_type:
        return {}
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return {}
    return {f.name: str(f.verbose_name) for f in model._meta.get_fields()
            if hasattr(f, "verbose_name")}
