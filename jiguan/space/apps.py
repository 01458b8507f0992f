
from django.apps import AppConfig


class SpaceConfig(AppConfig):
    name = "jiguan.space"
    label = "space"
    verbose_name = "办公用房"

    def ready(self) -> None:
        from jiguan.audit.events import register
        from jiguan.core import nav
        from jiguan.space import (
            excel,  # noqa: F401  (registers the importers)
            inventory,  # noqa: F401  (registers its audit labels)
        )

        nav.register(nav.NavItem("办公用房", "space:building_list", "view_space", order=20))

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
            "space.finding.verified": "核验整改",
        })
