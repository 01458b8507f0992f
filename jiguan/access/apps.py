from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "jiguan.access"
    label = "access"
    verbose_name = "区划与权限"

    def ready(self) -> None:
        from jiguan.access.login import signals  # noqa: F401  (login/lockout audit receivers)
        from jiguan.access.roles import Perm, Role
        from jiguan.access.twofactor.setup import ready as twofactor_ready
        from jiguan.core.web import nav

        nav.register(nav.NavItem("账号与授权", "access:user_list", Perm.MANAGE_USERS, order=95))
        nav.register(nav.NavItem("角色授权", "access:user_list", Perm.MANAGE_GRANTS, order=95))
        nav.register(nav.NavItem("登录安全", "access:lockouts", Perm.MANAGE_SECURITY, order=96))
        twofactor_ready()
        nav.register(nav.NavItem("待复核与待发放", "access:pending", Perm.MANAGE_SECURITY,
                                 order=97))
        nav.register(nav.NavItem("待复核事项", "access:pending", Perm.VIEW_AUDIT, order=97,
                                 roles=frozenset({Role.AUDIT_ADMIN})))
