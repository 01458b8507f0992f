"""Called from AccessConfig.ready(): audit labels, the 安全管理员's menu entry, checks."""

from __future__ import annotations


def ready() -> None:
    from jiguan.access.roles import Perm
    from jiguan.access.twofactor import checks  # noqa: F401  (registers the startup checks)
    from jiguan.audit.events import register
    from jiguan.core.web import nav

    register({
        "auth.2fa.verified": "二次验证通过",
        "auth.2fa.recovery_used": "使用恢复码",
        "auth.2fa.failed": "二次验证失败",
        "auth.2fa.session_ended": "二次验证变更，会话结束",
        "access.2fa.enrolment_started": "开始绑定身份验证器",
        "access.2fa.enrolled": "绑定身份验证器",
        "access.2fa.recovery_regenerated": "重新生成恢复码",
        "access.2fa.removed": "移除身份验证器",
        "access.2fa.reset": "重置二次验证",
    })
    nav.register(nav.NavItem("二次验证管理", "twofactor:admin_list", Perm.MANAGE_SECURITY,
                             order=97))
