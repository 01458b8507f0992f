from django.apps import AppConfig


class SpaceConfig(AppConfig):
    name = "jiguan.space"
    label = "space"
    verbose_name = "办公用房"

    def ready(self) -> None:
        from jiguan.audit.events import register

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
        })
