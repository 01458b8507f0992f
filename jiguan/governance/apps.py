from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "jiguan.governance"
    label = "governance"
    verbose_name = "制度与法治"

    def ready(self) -> None:
        from jiguan.audit.events import register
        from jiguan.core.web import nav
        from jiguan.governance.contracts import excel as _contracts  # noqa: F401  (importer)
        from jiguan.governance.library import excel  # noqa: F401  (registers the importer)

        nav.register(nav.NavItem("制度库", "governance:rule_list", "view_rules", order=50))
        nav.register(nav.NavItem("重大行政决策", "governance:decision_list", "view_decisions",
                                 order=51))
        nav.register(nav.NavItem("合法性审查", "governance:review_list", "view_reviews",
                                 order=52))
        register({
            "governance.rule.created": "登记制度文件",
            "governance.vocabulary.saved": "维护制度类别或主题",
            "governance.rule.updated": "修改制度文件",
            "governance.rule.text": "录入制度正文",
            "governance.rule.attachment": "上传制度附件",
            "governance.rule.status": "变更制度状态",
            "governance.rule.related": "登记文件关系",
            "governance.cleanup.opened": "开展规范性文件清理",
            "governance.cleanup.decided": "提出清理意见",
            "governance.cleanup.applied": "公布清理结果",
            "governance.review.submitted": "送请合法性审查",
            "governance.review.opinion": "提出合法性审查意见",
            "governance.review.concluded": "出具合法性审查结论",
            "governance.catalogue.added": "列入决策事项目录",
            "governance.decision.created": "登记重大行政决策",
            "governance.decision.updated": "修改重大行政决策",
            "governance.decision.document": "上传决策材料",
            "governance.decision.step": "登记决策环节",
            "governance.decision.discussed": "提交集体讨论",
            "governance.decision.opinion": "记录集体讨论意见",
            "governance.decision.decided": "行政首长作出决定",
            "governance.decision.archive_exported": "导出决策档案",
        })
        # Major contracts (branch `contracts`).
        nav.register(nav.NavItem("重大合同", "governance:contract_list", "view_contracts",
                                 order=52))
        register({
            "governance.contract.created": "登记重大合同",
            "governance.contract.updated": "修改重大合同",
            "governance.contract.signed": "登记合同签订",
            "governance.contract.filed": "登记合同备案",
            "governance.contract.attachment": "上传合同附件",
            "governance.contract.milestone": "登记履行节点",
            "governance.contract.milestone_done": "完成履行节点",
            "governance.contract.payment": "登记合同支付",
            "governance.contract.dispute": "登记合同纠纷",
            "governance.contract.dispute_resolved": "记录纠纷处理结果",
            "governance.contract.closed": "合同终结",
        })
