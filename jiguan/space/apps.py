from django.apps import AppConfig


class SpaceConfig(AppConfig):
    name = "jiguan.space"
    label = "space"
    verbose_name = "办公用房"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core.web import nav
        from jiguan.orgs.signals import org_changed
        from jiguan.space.compliance.tasks import on_data_changed
        from jiguan.space.register.excel import (  # noqa: F401  (registers the importers)
            buildings,
            rooms,
        )
        from jiguan.space.register.signals import register_changed

        nav.register(nav.NavItem("办公用房", "space:building_list", Perm.VIEW_SPACE, order=20))
        from jiguan.space.returns.queries import overdue_count

        nav.register_figure(nav.Figure("逾期未腾退用房", Perm.VIEW_SPACE, overdue_count,
                                       "space_returns:case_list", order=25, alarm=True))
        from jiguan.core.web.panels import Panel, register_panel
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
            "space.project.created": "新建建设项目",
            "space.project.updated": "修改建设项目",
            "space.project.document": "登记项目批复",
            "space.project.funded": "登记项目资金",
            "space.project.rooms": "登记项目房间清单",
            "space.project.submitted": "建设项目报审",
            "space.project.approved": "批准建设项目立项",
            "space.project.returned": "退回建设项目",
            "space.project.started": "建设项目开工",
            "space.project.completed": "建设项目竣工登记",
            "space.transfer.created": "新建资产移交批次",
            "space.transfer.item_added": "增加移交房产",
            "space.transfer.item_removed": "移除移交房产",
            "space.transfer.submitted": "提交移交单位确认",
            "space.transfer.agency_confirmed": "移交单位确认",
            "space.transfer.returned": "退回资产移交批次",
            "space.transfer.booked": "财务确认调账",
        })
        self._ready_leases_repairs()

    def _ready_leases_repairs(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core.web.panels import Panel, register_panel
        from jiguan.space.repairs.queries import building_repairs

        # The building page (register) shows the building's repair history.
        register_panel(Panel("space.building", "space/building_repairs_panel.html",
                             Perm.VIEW_SPACE, building_repairs, order=30))
        register({
            "space.lease.submitted": "申请租用办公用房",
            "space.lease.resubmitted": "修改并重新提交租用申请",
            "space.lease.returned": "退回租用申请",
            "space.lease.approved": "登记租赁",
            "space.lease.ended": "终止租赁",
            "space.lease.reminded": "租赁到期提醒",
            "space.repair.submitted": "申请维修 / 登记日常维修",
            "space.repair.resubmitted": "修改并重新提交维修申请",
            "space.repair.returned": "退回维修申请",
            "space.repair.approved": "批准维修",
            "space.repair.started": "维修开工",
            "space.repair.progressed": "登记维修进度",
            "space.repair.increase_requested": "申请追加维修预算",
            "space.repair.increase_approved": "批准追加维修预算",
            "space.repair.increase_rejected": "不同意追加维修预算",
            "space.repair.budget_raised": "调增日常维修预算",
            "space.repair.finished": "维修完工报决算",
            "space.repair.accepted": "维修验收合格",
            "space.repair.acceptance_rejected": "维修验收不合格退回整改",
            "space.allocation.applied": "申请办公用房",
            "space.allocation.resubmitted": "重新提交用房申请",
            "space.allocation.reviewed": "审核用房申请",
            "space.allocation.proposed": "按调配方案拟分配用房",
            "space.allocation.returned": "退回用房申请",
            "space.allocation.approved": "批准用房分配并核发凭证",
            "space.allocation.routed": "批准用房申请（转租用或建设）",
            "space.allocation.completed": "确认入驻",
            "space.return.opened": "通知腾退办公用房",
            "space.return.reported": "报告已腾退",
            "space.return.sent_back": "退回腾退",
            "space.return.completed": "接收腾退用房",
            "space.return.cancelled": "撤销腾退",
            "space.optimiser.started": "发起调剂方案求解",
            "space.optimiser.solved": "调剂方案求解完成",
            "space.optimiser.accepted": "采纳调剂方案",
            "space.optimiser.pinned": "固定房间（调剂方案）",
            "space.optimiser.unpinned": "取消固定房间（调剂方案）",
        })
