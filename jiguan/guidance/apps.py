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
        from jiguan.audit.events import register

        # plans16: the five-year plan and research
        register({
            "guidance.plan.created": "制定发展规划",
            "guidance.plan.updated": "修改发展规划",
            "guidance.target.created": "新增规划指标",
            "guidance.target.updated": "修改规划指标",
            "guidance.target.reported": "填报规划指标完成值",
            "guidance.plan.reviewed": "规划中期评估",
            "guidance.plan.checked": "检查规划指标进度",
            "guidance.research.created": "调研课题立项",
            "guidance.research.updated": "修改调研课题",
            "guidance.research.member_added": "添加课题组成员",
            "guidance.research.milestone_added": "添加课题节点",
            "guidance.research.milestone_done": "课题节点完成",
            "guidance.research.report_added": "上传调研报告",
            "guidance.research.award_added": "登记调研成果获奖",
            "guidance.research.use_added": "登记调研成果转化",
        })
