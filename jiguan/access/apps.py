from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "jiguan.access"
    label = "access"
    verbose_name = "区划与权限"

    def ready(self) -> None:
        from jiguan.access import signals  # noqa: F401  (login/lockout audit receivers)
        from jiguan.access.twofactor.setup import ready as twofactor_ready
        from jiguan.core import nav

        nav.register(nav.NavItem("账号与授权", "access:user_list", "manage_users", order=95))
        nav.register(nav.NavItem("角色授权", "access:user_list", "manage_grants", order=95))
        nav.register(nav.NavItem("登录安全", "access:lockouts", "manage_security", order=96))
        twofactor_ready()
        nav.register(nav.NavItem("待复核与待发放", "access:pending", "manage_security",
                                 order=97))
        nav.register(nav.NavItem("待复核事项", "access:pending", "view_audit", order=97,
                                 roles=frozenset({"audit_admin"})))
