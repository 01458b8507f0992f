from django.apps import AppConfig


class SpaceConfig(AppConfig):
    name = "jiguan.space"
    label = "space"
    verbose_name = "办公用房"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core import nav
        from jiguan.orgs.signals import org_changed
        from jiguan.space.compliance.tasks import on_data_changed
        from jiguan.space.register.excel import (  # noqa: F401  (registers the importers)
            buildings,
            rooms,
        )
        from jiguan.space.register.signals import register_changed

        nav.register(nav.NavItem("办公用房", "space:building_list", Perm.VIEW_SPACE, order=20))
        from jiguan.core.panels import Panel, register_panel
        from jiguan.space.register.queries import person_offices

        # The person page (orgs) shows the office the person occupies.
        register_panel(Panel("orgs.person", "space/person_office_panel.html", Perm.VIEW_SPACE,
                             person_offices, order=20))

        # Findings follow the data (docs/adr/0004): a change of the register or of the people
        # and agencies it is judged by queues the recompute of the county's findings.
        register_changed.connect(on_data_changed, dispatch_uid="space.compliance.register")
        org_changed.connect(on_data_changed, dispatch_uid="space.compliance.orgs")

        register({
            "space.building.created": "新增房产",
            "space.building.updated": "修改房产",
            "space.floor.created": "新增楼层",
            "space.room.created": "新增房间",
            "space.room.updated": "修改房间",
            "space.occupancy.created": "登记单位使用",
            "space.occupancy.ended": "结束单位使用",
            "space.occupant.created": "安排人员办公",
            "space.occupant.ended": "人员腾退办公室",
            "space.compliance.recomputed": "重新计算规范使用问题",
            "space.finding.started": "开始整改",
            "space.finding.chased": "催办整改",
            "space.finding.verified": "核验整改",
            "space.inventory.opened": "发起办公用房清查",
            "space.inventory.submitted": "上传清查填报",
            "space.inventory.confirmed": "确认清查填报",
            "space.inventory.returned": "退回清查填报",
            "space.inventory.applied": "按清查填报更新台账",
            "space.inventory.agency_added": "清查增加单位",
            "space.inventory.closed": "关闭清查并冻结年度快照",
        })
