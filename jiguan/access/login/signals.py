"""Login, logout, failures and lockouts go to the audit trail (等保 8.1.4.3)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from jiguan.access.login import session_policy  # noqa: F401  (stamps each session's start)
from jiguan.audit.events import register
from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record

register({
    "access.user.created": "新建账号",
    "access.user.password_reset": "重置密码",
    "access.user.activated": "启用账号",
    "access.user.deactivated": "停用账号",
    "access.user.unlocked": "解除锁定",
    "access.grant.created": "授予角色",
    "access.grant.revoked": "撤销角色",
    "access.token.created": "创建 API 令牌",
    "access.token.revoked": "撤销 API 令牌",
    "access.password.issued": "签发一次性密码（第一段已交系统管理员）",
    "access.password.released": "发放一次性密码第二段",
    "access.password.collected": "领取一次性密码第一段（三员账号重置经复核后）",
    "access.approval.requested": "提交双人复核申请",
    "access.approval.decided": "双人复核",
    "auth.password_check_failed": "修改密码时当前密码错误",
    "auth.session_capped": "会话达到最长时限",
    "auth.session_locked": "账号锁定，会话终止",
})


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(actor=user, event="auth.login", ip=client_ip(request), require_transaction=False)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(actor=user, event="auth.logout", ip=client_ip(request),
               require_transaction=False)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                  **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(actor=username, event="auth.login_failed", outcome=Outcome.FAILURE,
           ip=client_ip(request), extra={"username": username}, require_transaction=False)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str | None = None,
                ip_address: str | None = None, **kwargs: Any) -> None:
    record(actor=username or "", event="auth.lockout", outcome=Outcome.DENIED,
           ip=ip_address, extra={"username": username or ""}, require_transaction=False)
