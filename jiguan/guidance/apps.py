from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "jiguan.guidance"
    label = "guidance"
    verbose_name = "业务指导"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.core.web import nav

        nav.register(nav.NavItem("业务指导", "guidance:home", Perm.VIEW_GUIDANCE, order=62))
        # Each topic registers its audit event names in its own block below.
