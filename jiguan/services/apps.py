from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "jiguan.services"
    label = "services"
    verbose_name = "后勤服务"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core.web import nav
        from jiguan.services.catalogue import excel  # noqa: F401  (registers the importers)

        nav.register(nav.NavItem("后勤服务", "services:home", Perm.VIEW_SERVICES, order=50))
        register({
            "services.catalogue.created": "编制指导性目录",
            "services.catalogue.narrowed": "删减目录事项",
            "services.catalogue.published": "发布指导性目录",
            "services.price.set": "设定服务参考价格",
            "services.supplier.registered": "登记服务供应商",
            "services.standard.versioned": "发布服务标准新版本",
            "services.standard.item_changed": "修改服务标准条款",
            "services.pilot.added": "登记标准化试点单位",
            # inspections, surveys, evaluations (branch inspect)
            "services.inspection.started": "开始服务检查",
            "services.inspection.scored": "服务检查评分",
            "services.inspection.submitted": "提交服务检查",
            "services.survey.created": "发起满意度调查",
            "services.survey.answered": "满意度问卷作答",
            "services.survey.closed": "结束满意度调查",
            "services.evaluation.made": "考核期绩效评价",
            "services.evaluation.rectified": "报告评价整改",
            "services.purchase.created": "登记购买服务项目",
            "services.purchase.procured": "登记采购结果",
            "services.purchase.contracted": "签订购买服务合同",
            "services.contract.published": "登记合同公告",
            "services.purchase.started": "开始服务",
            "services.purchase.evaluated": "完成绩效评价",
            "services.purchase.closed": "关闭购买项目",
            "services.contract.reminded": "合同到期提醒",
        })
