from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiguan.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from jiguan.audit import receivers  # noqa: F401  (connects the signal receivers)
