"""Startup checks that refuse an unsafe production deployment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def production_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if getattr(settings, "PRODUCTION", False):
        if settings.JIGUAN_DEMO:
            errors.append(Error("生产环境不得启用演示数据与演示账号（JIGUAN_DEMO）",
                                id="jiguan.E001"))
        if settings.DEBUG:
            errors.append(Error("生产环境不得开启 DEBUG", id="jiguan.E002"))
    return errors


@register(Tags.security)
def no_default_password(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """In production no active account may still hold the demo password."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError

    from jiguan.core.deploy.demo_password import DEMO_PASSWORD, DEMO_USERNAMES

    try:
        users = get_user_model().objects.filter(is_active=True, username__in=DEMO_USERNAMES)
        weak = [u.username for u in users.iterator() if u.check_password(DEMO_PASSWORD)]
    except DatabaseError:
        return []  # before migrate: nothing to check yet
    if weak:
        return [Error(f"生产环境拒绝启动：账号 {', '.join(weak[:5])} 仍使用演示默认密码",
                      id="jiguan.E003")]
    return []
