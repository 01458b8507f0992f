from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "jiguan.overview"
    label = "overview"
    verbose_name = "全省一屏"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.core.web import nav

        nav.register(nav.NavItem("全省一屏", "overview:home", Perm.VIEW_OVERVIEW, order=5))
