from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiguan.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from jiguan.audit import receivers  # noqa: F401  (connects the signal receivers)
        from jiguan.core.web import nav

        # Auditors, province admins and the 审计管理员 read the trail: it is in their menu.
        nav.register(nav.NavItem("审计日志", "audit:event_list", "view_audit", order=90))
