from django.apps import AppConfig


class EnergyConfig(AppConfig):
    name = "jiguan.energy"
    label = "energy"
    verbose_name = "公共机构节能"

    def ready(self) -> None:
        from jiguan.audit.events import register
        from jiguan.core import nav

        # Importing an importer registers its kind (energy.reading, energy.reading_wide,
        # energy.quota) with jiguan.core.imports.
        from jiguan.energy.readings.excel import importer, wide  # noqa: F401
        from jiguan.energy.targets import excel  # noqa: F401

        nav.register(nav.NavItem("能源资源", "energy:dashboard", "view_energy", order=30))
        register({
            "energy.readings.saved": "填报能源资源消费",
            "energy.readings.imported": "导入能源资源消费",
            "energy.readings.api": "接口上报能源资源消费",
            "energy.profile.saved": "保存公共机构基本信息",
            "energy.coefficients.created": "新增折标系数",
            "energy.coefficients.reconverted": "按默认系数重新折算",
            "energy.quota.set": "设定能耗定额",
            "energy.breach.opened": "超定额",
            "energy.breach.updated": "超定额数据变化",
            "energy.breach.cleared": "超定额已消除",
            "energy.breach.explained": "提交超定额说明",
            "energy.breach.reviewed": "审核超定额说明",
            "energy.chase.sent": "催报",
            "energy.target.saved": "保存节能目标",
            "energy.water_saving.saved": "保存节水型单位",
            "energy.contract.saved": "保存合同能源管理项目",
            "energy.sorting.saved": "保存垃圾分类",
        })
