from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "jiguan.access"
    label = "access"
    verbose_name = "区划与权限"

    def ready(self) -> None:
        from jiguan.access import signals  # noqa: F401  (login/lockout audit receivers)
