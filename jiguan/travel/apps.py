from django.apps import AppConfig


class TravelConfig(AppConfig):
    name = "jiguan.travel"
    label = "travel"
    verbose_name = "公务出行"

    def ready(self) -> None:
        from jiguan.audit.events import register
        from jiguan.core.web import nav
        from jiguan.travel.ledger.actions import on_trip_closed
        from jiguan.travel.trips.signals import trip_closed
        from jiguan.travel.vehicles import excel  # noqa: F401  (registers the importer)

        nav.register(nav.NavItem("公务出行", "travel:home", "view_travel", order=40))
        # The ledger books a closed trip inside the closing transaction.
        trip_closed.connect(on_trip_closed, dispatch_uid="travel.ledger.trip_closed")
        register({
            "travel.platform.created": "开通用车平台",
            "travel.standard.created": "发布配备标准版本",
            "travel.establishment.set": "核定车辆编制",
            "travel.vehicle.created": "登记公务用车",
            "travel.vehicle.updated": "修改公务用车",
            "travel.vehicle.status": "变更车辆状态",
            "travel.vehicle.disposed": "处置公务用车",
            "travel.driver.created": "新增驾驶员",
            "travel.trip.submitted": "提交用车申请",
            "travel.trip.approved": "批准用车申请",
            "travel.trip.rejected": "不批准用车申请",
            "travel.trip.dispatched": "派车",
            "travel.trip.passed": "转办用车申请",
            "travel.trip.closed": "回场登记",
            "travel.trip.rated": "评价用车服务",
            "travel.trip.cancelled": "取消用车申请",
            "travel.rate.created": "发布收费标准",
            "travel.cost.created": "登记单车费用",
            "travel.statement.issued": "出具月度结算单",
        })
