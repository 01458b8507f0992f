from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "jiguan.assets"
    label = "assets"
    verbose_name = "国有资产"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.assets.cards import excel as cards_excel  # noqa: F401  (the importer)
        from jiguan.assets.entities import excel  # noqa: F401  (registers the importer)
        from jiguan.assets.supervision import excel as _supervision_excel  # noqa: F401
        from jiguan.audit.events import register
        from jiguan.core.web import nav

        nav.register(nav.NavItem("国有资产", "assets:home", Perm.VIEW_ASSETS, order=50))
        register({
            "assets.entity.created": "登记经营性单位",
            "assets.entity.updated": "修改经营性单位",
            "assets.entity.assigned": "安排脱钩划转批次和路径",
            "assets.programme.created": "建立脱钩划转方案",
            "assets.batch.created": "建立划转批次",
            "assets.step.completed": "完成划转环节",
            # supervision (jiguan/assets/supervision)
            "assets.board.created": "组建外派监事会",
            "assets.board.companies": "调整监事会监督企业",
            "assets.board.member_added": "增加监事会成员",
            "assets.board.meeting_added": "登记监事会会议",
            "assets.board.report_added": "登记监事会报告",
            "assets.issue.raised": "登记监事会提出问题",
            "assets.issue.answered": "登记问题整改反馈",
            "assets.statement.created": "导入持有企业财务报表",
            "assets.statement.updated": "更正持有企业财务报表",
            "assets.statement.reviewed": "核实财务预警",
            "assets.matter.reported": "登记重大事项报告",
            "assets.matter.acknowledged": "确认重大事项",
            "assets.card.created": "登记资产卡片",
            "assets.card.updated": "修改资产卡片",
            "assets.standard.saved": "修改资产配置标准",
            "assets.matter.submitted": "提交资产处置或出租出借申请",
            "assets.matter.approved": "同意资产处置或出租出借",
            "assets.matter.rejected": "不同意资产处置或出租出借",
            "assets.matter.executed": "执行资产处置或出租出借",
            "assets.matter.taken_back": "收回出租出借资产",
        })
