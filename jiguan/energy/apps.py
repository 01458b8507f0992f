from django.apps import AppConfig


class EnergyConfig(AppConfig):
    name = "jiguan.energy"
    label = "energy"
    verbose_name = "公共机构节能"

    def ready(self) -> None:
        from jiguan.access.roles import Perm
        from jiguan.audit.events import register
        from jiguan.core.web import nav

        # Importing an importer registers its kind (energy.reading, energy.reading_wide,
        # energy.quota) with jiguan.core.imports.
        from jiguan.energy.readings.excel import importer, wide  # noqa: F401
        from jiguan.energy.targets import excel  # noqa: F401

        _connect_share_panels()

        nav.register(nav.NavItem("能源资源", "energy:dashboard", Perm.VIEW_ENERGY, order=30))
        from jiguan.energy.readings.queries import unreported_last_month
        from jiguan.energy.targets.queries import open_breaches

        nav.register_figure(nav.Figure("超定额待说明", Perm.VIEW_ENERGY, open_breaches,
                                       "energy:breach_list", order=40, alarm=True))
        nav.register_figure(nav.Figure("上月能耗未报送", Perm.REPORT_ENERGY, unreported_last_month,
                                       "energy:entry", order=41, alarm=True,
                                       note="本单位"))
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


def _connect_share_panels() -> None:
    """An institution was added or its region, level or status changed: the share panels
    are computed again (energy.programs.shares). The register's actions save the row
    (post_save); its import writes rows in bulk and sends org_changed."""
    from django.db.models.signals import post_save

    from jiguan.energy.programs.shares import shares_changed
    from jiguan.orgs.models import Agency
    from jiguan.orgs.signals import org_changed

    org_changed.connect(shares_changed, dispatch_uid="energy.programs.shares")
    post_save.connect(shares_changed, sender=Agency, dispatch_uid="energy.programs.shares")
