"""Bureaus, agencies (机关单位 / 公共机构) and the people who work in them."""

from __future__ import annotations

from typing import Any, Self

from django.db import connections, models
from django.db.models import Q

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.models import BaseModel, RegisterModel
from jiguan.core.scoping import ScopedQuerySet, region_paths
from jiguan.core.search import candidate_count, search, search_in_order
from jiguan.orgs import rules


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"


AGENCY_TYPE_CHOICES = [(code, f"{code} {label}") for code, label in rules.AGENCY_TYPES.items()]


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    MERGED = "merged", "已合并"
    ABOLISHED = "abolished", "已撤销"


class PersonStatus(models.TextChoices):
    SERVING = "serving", "在职"
    TRANSFERRED = "transferred", "调离"
    RETIRED = "retired", "退休"


class Bureau(BaseModel):
    """The government offices administration bureau (机关事务管理局) of one region."""

    region = models.OneToOneField("access.Region", verbose_name="区划", on_delete=models.PROTECT,
                                  related_name="bureau")
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "机关事务管理局"
        verbose_name_plural = "机关事务管理局"
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(ScopedQuerySet["Agency"]):
    scope_perm = Perm.VIEW_ORGS
    region_path_field = "region__path"
    agency_field = "pk"
    #: what the agency picker's suggestions ask (jiguan.orgs.fields): the permission of the
    #: visible_to() this queryset was built from, and whether it keeps active agencies only
    pick_perm: str | None = None
    pick_active: bool = False

    def _clone(self) -> Self:
        rows = super()._clone()  # type: ignore[misc]
        rows.pick_perm, rows.pick_active = self.pick_perm, self.pick_active
        return rows

    def visible_to(self, user: Any, perm: str | None = None) -> Self:
        rows = super().visible_to(user, perm)
        rows.pick_perm = perm or self.scope_perm
        return rows

    def active(self) -> AgencyQuerySet:
        rows = self.filter(status=AgencyStatus.ACTIVE)
        rows.pick_active = True
        return rows

    def in_register_order(self) -> AgencyQuerySet:
        """The register's order (`Meta.ordering`: region code, then name), which the
        (region, name) index gives region by region without sorting. Region codes nest
        (GB/T 2260: 330106 under 330100 under 330000), so it is also the regions' tree
        order."""
        return self.order_by("region__code", "name")

    def active_in_register_order(self) -> AgencyQuerySet:
        """The active agencies in the register's order (the lists of institutions: water
        saving, the energy entry). Written as "not merged or abolished", which is the same
        rows: given ``status = 'active'`` SQLite's planner took the (region, status, level)
        index and sorted the province's 40,000 agencies for every page (15-50 ms); this way
        it reads the (region, name) index in order and stops after the page (1 ms), with
        the sampled statistics `dbstats.refresh` leaves and with full ones (bench/README.md,
        session 11)."""
        rows = self.exclude(status__in=[s for s in AgencyStatus if s != AgencyStatus.ACTIVE])
        rows.pick_active = True
        return rows.in_register_order()

    def search(self, text: str) -> AgencyQuerySet:
        """Name contains `text` (indexed, jiguan.core.search) or the credit code is it."""
        text = text.strip()
        if not text:
            return self
        return search(self, text, extra=Q(credit_code=text.upper()))


class Agency(RegisterModel):
    """An agency or public institution. Never deleted: merged or abolished ones are archived."""

    name = models.CharField("单位名称", max_length=100)
    # No index of its own: the (region, status) index serves look-ups by region.
    region = models.ForeignKey("access.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="agencies", db_index=False)
    level = models.CharField("单位层级", max_length=10, choices=AgencyLevel.choices)
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    type_code = models.CharField("单位性质", max_length=3, choices=AGENCY_TYPE_CHOICES,
                                 default="01")
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    authorized_headcount = models.PositiveIntegerField("编制数", default=0)
    actual_headcount = models.PositiveIntegerField("实有人数", default=0)
    energy_headcount = models.PositiveIntegerField("用能人数", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=AgencyStatus.choices,
                              default=AgencyStatus.ACTIVE)
    status_date = models.DateField("状态变更日期", null=True, blank=True)
    merged_into = models.ForeignKey("self", verbose_name="并入单位", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged_from")
    note = models.TextField("备注", blank=True)
    # The import job that last created or changed the row (no FK: a job may be pruned,
    # see docs/adr/0006); the lists filter on it (?import_job=<pk>).
    import_job_id = models.IntegerField("导入批次", null=True, blank=True, editable=False)

    objects = AgencyQuerySet.as_manager()
    #: what AgencyQuerySet.search matches through the index (orgs 0003)
    search_fields = ("name",)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region__code", "name"]
        # (region, name): the list's order (region code, name) read region by region.
        # (region, status, level) covers the share panels' count of a region's active
        # agencies by level (energy.programs.forms.share_rollup): without `level` SQLite
        # read each of the province's 40,000 agency rows for it (bench/README.md,
        # session 10); it serves every look-up the (region, status) index served.
        indexes = [models.Index(fields=["region", "status", "level"],
                                name="orgs_agency_region_status"),
                   models.Index(fields=["name"]),
                   models.Index(fields=["region", "name"], name="orgs_agency_region_name")]
        constraints = [
            models.CheckConstraint(
                name="agency_status_date_when_archived",
                violation_error_message="已合并或已撤销的单位须填写状态变更日期",
                condition=Q(status=AgencyStatus.ACTIVE) | Q(status_date__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_region_path(self) -> str:
        return self.region.path

    @property
    def scope_agency_id(self) -> int:
        return self.pk

    @property
    def audit_region(self) -> Any:
        return self.region

    @property
    def is_archived(self) -> bool:
        return self.status != AgencyStatus.ACTIVE


#: A people search in at least this many people is read in the list's order on SQLite
#: (`PersonQuerySet._reads_in_order`): then a page is found within about 3,000 rows of a
#: scope and the count within about 60,000, and from the candidates each is looked up and
#: sorted (bench/README.md, session 13).
IN_ORDER_CANDIDATES = 10_000


class PersonQuerySet(ScopedQuerySet["Person"]):
    scope_perm = Perm.VIEW_ORGS
    region_path_field = None  # by the agencies of the region instead: scope_q
    agency_field = "agency_id"

    def scope_q(self, user: Any, perm: str) -> Q:
        """A region grant sees the people of the region's agencies (`_people_in_region`)."""
        q = super().scope_q(user, perm)
        for path in dict.fromkeys(region_paths(user, perm)):
            q |= _people_in_region(path)
        return q

    def search(self, text: str) -> PersonQuerySet:
        """Name or post contains `text`, or the agency's name does (both indexed)."""
        text = text.strip()
        if not text:
            return self
        agencies = Agency.objects.all().search(text).order_by().values("pk")
        if not agencies[:1].exists():
            # A personal name, the usual query, names no agency: without the agency branch
            # the search is one index scan of the people (no UNION to join back), bench/README.md
            # session 9.
            if self._reads_in_order(text):
                return search_in_order(self, text)
            return search(self, text)
        return search(self, text, extra=Q(agency_id__in=agencies))

    def _reads_in_order(self, text: str) -> bool:
        """Whether the page is found sooner in the list's order than from the candidates
        (`core.search.search_in_order`): on SQLite, a text in at least
        `IN_ORDER_CANDIDATES` people (one common character: 鑫 is in 13,000), and a
        queryset without a join to the regions (a city's or a county's scope, an
        `agency_id IN` list; not the province's, nor the region filter, which join)."""
        if connections[self.db].vendor != "sqlite":
            return False
        region_table = Region._meta.db_table
        if any(getattr(join, "table_name", None) == region_table
               for join in self.query.alias_map.values()):
            return False
        found = candidate_count(Person, text, IN_ORDER_CANDIDATES, using=self.db)
        return found is not None and found >= IN_ORDER_CANDIDATES


def _people_in_region(path: str) -> Q:
    """The people of a region's agencies. Below the province, as ``agency_id IN (the
    region's agencies)``: as a join to the agencies and their regions, SQLite walked the
    (agency, name) index of all 600,000 people of the province in the list's order and
    joined each to its region to keep a county's: 31 ms for the last page of 西湖区's
    4,012 people, 1 ms by the IN list, read in agency order from the same index (no sort).
    For the province itself the join stays: nearly every row is in it, so the ordered walk
    stops after a page, where the IN list of 40,000 agencies cost 5 ms to build for each of
    the count and the page (bench/README.md, session 10)."""
    if path.count("/") <= 2:  # "/330000/": the province
        return Q(agency__region__path__startswith=path)
    return Q(agency_id__in=Agency.objects.filter(region__path__startswith=path).order_by()
             .values("pk"))


class Person(RegisterModel):
    """A person working in an agency. Only what the work needs: no ID-card number."""

    name = models.CharField("姓名", max_length=50)
    # No index of its own: the (agency, status) index serves look-ups by agency.
    agency = models.ForeignKey(Agency, verbose_name="所在单位", on_delete=models.PROTECT,
                               related_name="people", db_index=False)
    staff_no = models.CharField("人员编号", max_length=30, blank=True,
                                help_text="单位内部编号，可空；用于导入时识别同名人员")
    post = models.CharField("职务", max_length=100, blank=True)
    rank = models.CharField("职级", max_length=30)
    status = models.CharField("状态", max_length=12, choices=PersonStatus.choices,
                              default=PersonStatus.SERVING)
    status_date = models.DateField("状态变更日期", null=True, blank=True)
    # As Agency.import_job_id.
    import_job_id = models.IntegerField("导入批次", null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()
    #: what PersonQuerySet.search matches through the index (orgs 0003)
    search_fields = ("name", "post")

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["agency_id", "name", "id"]
        # (agency, name): the list's order, read without sorting the scope's people.
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["name"]),
                   models.Index(fields=["agency", "name"], name="orgs_person_agency_name")]
        constraints = [
            models.UniqueConstraint(fields=["agency", "staff_no"], condition=~Q(staff_no=""),
                                    name="person_staff_no_unique_in_agency",
                                    violation_error_message="同一单位内人员编号不能重复"),
            models.CheckConstraint(
                name="person_status_date_when_left",
                violation_error_message="调离或退休的人员须填写状态变更日期",
                condition=Q(status=PersonStatus.SERVING) | Q(status_date__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rank_label(self) -> str:
        return rules.rank_label(self.rank)

    @property
    def scope_region_path(self) -> str:
        return self.agency.region.path

    @property
    def scope_agency_id(self) -> int:
        return self.agency_id

    @property
    def audit_region(self) -> Any:
        return self.agency.region


class ConcurrentPost(BaseModel):
    """A concurrent post (兼职) in another agency; the office rules read its approval."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT,
                               related_name="concurrent_posts")
    agency = models.ForeignKey(Agency, verbose_name="兼职单位", on_delete=models.PROTECT,
                               related_name="concurrent_posts")
    post = models.CharField("兼任职务", max_length=100)
    approved = models.BooleanField("已批准另配办公室", default=False)
    approval_doc = models.CharField("批准文号", max_length=100, blank=True)
    start_date = models.DateField("起始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "兼职"
        verbose_name_plural = "兼职"
        ordering = ["person_id", "start_date"]
        constraints = [
            models.CheckConstraint(
                name="concurrent_post_dates_in_order",
                violation_error_message="兼职结束日期不能早于起始日期",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} 兼 {self.agency} {self.post}"

    @property
    def scope_region_path(self) -> str:
        return self.person.agency.region.path

    @property
    def scope_agency_id(self) -> int:
        return self.person.agency_id

    @property
    def audit_region(self) -> Any:
        return self.person.agency.region
