from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "jiguan.orgs"
    label = "orgs"
    verbose_name = "单位与人员"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core.web import nav

        # Importing an importer registers its kind (orgs.agency, orgs.person).
        from jiguan.orgs.excel import agencies, people  # noqa: F401

        nav.register(nav.NavItem("单位与人员", "orgs:agency_list", Perm.VIEW_ORGS, order=10))

        register({
            "orgs.agency.created": "新增单位",
            "orgs.agency.updated": "修改单位",
            "orgs.agency.status_changed": "单位撤并/恢复",
            "orgs.person.created": "新增人员",
            "orgs.person.updated": "修改人员",
            "orgs.person.status_changed": "人员调离/退休",
            "orgs.concurrent_post.created": "新增兼职",
            "orgs.concurrent_post.updated": "修改兼职",
            "orgs.region.created": "新增乡级区划",
            "orgs.bureau.updated": "修改机关事务局信息",
            "core.import.confirmed": "确认导入",
        })
