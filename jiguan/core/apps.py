from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiguan.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from jiguan.core import checks  # noqa: F401  (registers the production checks)
