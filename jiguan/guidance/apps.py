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
        # Meetings, training, liaison (branch meet16).
        from jiguan.audit.events import register

        register({
            "guidance.meeting.created": "登记会议",
            "guidance.meeting.updated": "修改会议",
            "guidance.meeting.invited": "添加参会单位",
            "guidance.meeting.attended": "登记参会人员",
            "guidance.meeting.material": "上传会议材料",
            "guidance.meeting.decision_added": "登记会议决定事项",
            "guidance.meeting.decision_progress": "登记决定事项落实进展",
            "guidance.course.created": "登记培训班",
            "guidance.course.updated": "修改培训班",
            "guidance.course.session": "添加培训课次",
            "guidance.course.trainee": "添加学员",
            "guidance.course.attendance": "登记培训出勤",
            "guidance.liaison.assigned": "登记联系指导安排",
            "guidance.liaison.visited": "登记联系指导走访",
            "guidance.liaison.issue": "登记走访反映问题",
            "guidance.liaison.answered": "答复走访反映问题",
        })

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
