from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiguan.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from jiguan.core.deploy import checks  # noqa: F401  (registers the production checks)
        from jiguan.core.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions,
                                   dispatch_uid="jiguan.core.search")
