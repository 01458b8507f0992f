"""Startup checks of the two-factor settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from jiguan.access.roles import ADMIN_TRIAD, Role


@register(Tags.security)
def known_roles(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A misspelt role would silently switch two factors off for that role."""
    unknown = sorted(set(settings.JIGUAN_2FA_REQUIRED_ROLES) - set(Role.values))
    if unknown:
        return [Error(f"JIGUAN_2FA_REQUIRED_ROLES 含未知角色：{', '.join(unknown)}"
                      f"（可选：{', '.join(Role.values)}）", id="jiguan.E020")]
    return []


@register(Tags.security, deploy=True)
def production_twofactor(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors: list[CheckMessage] = []
    if settings.JIGUAN_2FA_DEMO_EXEMPT:
        errors.append(Error("生产环境不得豁免演示账号的二次验证（JIGUAN_2FA_DEMO_EXEMPT）",
                            id="jiguan.E021"))
    missing = sorted(r.label for r in ADMIN_TRIAD
                     if r.value not in settings.JIGUAN_2FA_REQUIRED_ROLES)
    if missing:
        errors.append(Error(f"生产环境三员须启用二次验证，JIGUAN_2FA_REQUIRED_ROLES 缺少："
                            f"{'、'.join(missing)}", id="jiguan.E022"))
    return errors
