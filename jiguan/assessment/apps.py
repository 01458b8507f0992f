from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "jiguan.assessment"
    label = "assessment"
    verbose_name = "年度考核"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core.web import nav

        nav.register(nav.NavItem("年度考核", "assessment:home", Perm.VIEW_ASSESSMENT, order=60))
        register({
            "assessment.scheme.created": "制定考核方案",
            "assessment.group.created": "新增考核指标组",
            "assessment.indicator.created": "新增考核指标",
            "assessment.indicator.deleted": "删除考核指标",
            "assessment.scheme.published": "发布考核方案",
            "assessment.scheme.computed": "计算考核指标",
            "assessment.score.self": "填报考核自评",
            "assessment.submitted": "提交考核自评",
            "assessment.score.reviewed": "审核考核指标",
            "assessment.reviewed": "完成考核审核",
            "assessment.results.published": "公布考核结果",
            "assessment.appeal.filed": "提出考核申诉",
            "assessment.appeal.answered": "答复考核申诉",
            "assessment.scheme.closed": "考核结果定稿",
        })
