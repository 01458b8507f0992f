"""Records of the separated duties (三员分立, docs/adr/0008) and of old passwords.

Imported by jiguan.access.models so that Django finds them; kept apart from the account
models to keep each file about one thing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiguan.core.models import BaseModel


class PasswordHistory(models.Model):
    """The hash of a password an account has had (the reuse rule compares against these)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户",
                             on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码散列", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} 的历史密码（{self.created_at:%Y-%m-%d}）"


class PasswordIssueQuerySet(models.QuerySet["PasswordIssue"]):
    def pending(self) -> PasswordIssueQuerySet:
        return self.filter(released_at__isnull=True, cancelled_at__isnull=True)


class PasswordIssue(BaseModel):
    """A one-time password in two halves (split knowledge, 双人分段交付).

    The 系统管理员 who creates the account or resets its password is shown the first half;
    the second half waits here until a 安全管理员 releases it (shown once, then erased). The
    user types both halves as one password and must change it at once. Neither
    administrator alone knows a password that logs in as the user.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户",
                             on_delete=models.CASCADE, related_name="password_issues")
    # Kept only when the reset waited for a second administrator's confirmation: the
    # requester collects it once (then erased), like the 安全管理员 the second half.
    first_half = models.CharField("第一段", max_length=40, blank=True)
    second_half = models.CharField("第二段", max_length=40, blank=True)
    # A confirmed 三员 reset: the confirming administrator releases the second half (the
    # account reset may be the only 安全管理员's own).
    releaser = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="指定发放人",
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    released_at = models.DateTimeField("发放时间", null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发放人",
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    cancelled_at = models.DateTimeField("作废时间", null=True, blank=True)

    objects = PasswordIssueQuerySet.as_manager()

    class Meta:
        verbose_name = "待发放密码"
        verbose_name_plural = "待发放密码"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} 的一次性密码"


class ApprovalKind(models.TextChoices):
    DEACTIVATE_USER = "deactivate_user", "停用三员账号"
    REVOKE_GRANT = "revoke_grant", "撤销三员角色"
    RESET_PASSWORD = "reset_password", "重置三员账号密码"


class ApprovalQuerySet(models.QuerySet["Approval"]):
    def pending(self) -> ApprovalQuerySet:
        return self.filter(decided_at__isnull=True)


class Approval(BaseModel):
    """An operation on a 三员 account that one administrator asks for and another confirms
    (双人复核): no administrator can remove the 审计管理员 (or any of the three) alone."""

    kind = models.CharField("操作", max_length=20, choices=ApprovalKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="对象账号",
                             on_delete=models.PROTECT, related_name="approvals")
    grant = models.ForeignKey("access.Grant", verbose_name="授权", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="approvals")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="复核人",
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    approved = models.BooleanField("同意", null=True, blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = "双人复核"
        verbose_name_plural = "双人复核"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.user}"
