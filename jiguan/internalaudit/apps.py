from django.apps import AppConfig


class InternalAuditConfig(AppConfig):
    name = "jiguan.internalaudit"
    label = "internalaudit"
    verbose_name = "内部审计"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core.web import nav
        from jiguan.internalaudit.leaders.actions import on_org_changed
        from jiguan.orgs.signals import org_changed

        nav.register(nav.NavItem("内部审计", "internalaudit:home", Perm.INTERNAL_AUDIT_VIEW,
                                 order=50))
        # A leader transferred or retired in the people register ends the term and makes
        # the departing leader's audit due (inside the register's transaction).
        org_changed.connect(on_org_changed, dispatch_uid="internalaudit.leaders.org_changed")
        register({
            "internalaudit.term.created": "登记领导干部任职",
            "internalaudit.term.ended": "领导干部离任",
            "internalaudit.plan.created": "编制年度审计计划",
            "internalaudit.project.created": "审计立项",
            "internalaudit.project.updated": "修改审计项目",
            "internalaudit.project.step": "办理审计步骤",
            "internalaudit.finding.created": "登记审计发现问题",
            "internalaudit.finding.rectified": "报送整改情况",
            "internalaudit.finding.closed": "审计问题销号",
            "internalaudit.budget.set": "登记单位预算",
        })
