from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "jiguan.assets"
    label = "assets"
    verbose_name = "国有资产"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.assets.cards import excel as cards_excel  # noqa: F401  (the importer)
        from jiguan.assets.entities import excel  # noqa: F401  (registers the importer)
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
            "assets.card.created": "登记资产卡片",
            "assets.card.updated": "修改资产卡片",
            "assets.standard.saved": "修改资产配置标准",
            "assets.matter.submitted": "提交资产处置或出租出借申请",
            "assets.matter.approved": "同意资产处置或出租出借",
            "assets.matter.rejected": "不同意资产处置或出租出借",
            "assets.matter.executed": "执行资产处置或出租出借",
            "assets.matter.taken_back": "收回出租出借资产",
        })
