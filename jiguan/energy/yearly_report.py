"""The yearly statistical report (年度统计报表) of 《公共机构能源资源消费统计调查制度》,
due by 31 March for the year before (《公共机构节能条例》第十五条; domain-rules.md §5.2).

``collect`` reads a scope's year in a fixed number of queries, whatever the number of
institutions: the readings aggregated per (institution, type) in one GROUP BY, the profiles
in one query, the months reported from the AgencyYear summary, the institutions and their
parent chain (for the department) in a few batched queries. ``write_workbook`` streams the
tables into an .xlsx with XlsxWriter's constant-memory mode, one sheet per official table:
基层表 (基本信息, 消费状况) and 综合表 (部门汇总, 行政区域汇总, 分类汇总).

Standard coal: with the default chain, an institution's kgce is the sum of its readings'
stored kgce (each converted by the default set in force in its month). With any other set,
it is recomputed per type: measured-NCV readings keep their own kgce, the rest is
quantity x the set's coefficient (the same formula as RegionMonth's docstring).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.db.models import Q, Sum

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.energy.models import AgencyYear, CoefficientSet, InstitutionYear, Reading
from jiguan.energy.rules import ENERGY_TYPES, WATER_TYPES, Indicators
from jiguan.energy.summaries import stat_path
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import AGENCY_TYPES

TYPE_CODES = tuple(ENERGY_TYPES)
FULL_YEAR = 12
BATCH = 500

# [R] The 2025 revision of the forms (国管局, 2025-11-10) has not been obtained yet
# (domain-rules.md §5.2): 表号 and 批准文号 are placeholders to confirm against it.
FORM_AUTHORITY = "国家机关事务管理局"
FORM_NUMBER = "〔待核对〕"
FORM_APPROVAL = "〔待与2025年修订的统计调查制度核对〕"


def deadline(year: int) -> dt.date:
    """The report on `year` is due by 31 March of the next year (第十五条)."""
    return dt.date(year + 1, 3, 31)


# ---------------------------------------------------------------- the data

@dataclass
class Institution:
    """One row of the base tables (基层表)."""

    agency_id: int
    name: str = ""
    credit_code: str = ""
    type_code: str = ""
    region_code: str = ""
    region_name: str = ""
    stat_code: str = ""
    department: str = ""
    has_profile: bool = False
    on_register: bool = False
    area: Decimal = Decimal(0)
    headcount: int = 0
    authorized: int = 0
    months: int = 0
    quantity: dict[str, Decimal] = field(default_factory=dict)
    cost: dict[str, Decimal] = field(default_factory=dict)
    kgce: Decimal = Decimal(0)

    @property
    def water(self) -> Decimal:
        return sum((self.quantity.get(t, Decimal(0)) for t in WATER_TYPES), Decimal(0))

    @property
    def total_cost(self) -> Decimal:
        return sum(self.cost.values(), Decimal(0))

    @property
    def type_label(self) -> str:
        return AGENCY_TYPES.get(self.type_code, "")

    def indicators(self) -> Indicators | None:
        if not self.has_profile:
            return None
        return Indicators(kgce=self.kgce, water=self.water, cost=self.total_cost,
                          headcount=self.headcount, area=self.area)


@dataclass
class Totals:
    """A row of a summary table (综合表): sums over institutions. The indicators divide the
    consumption of the institutions with a profile by their own headcount and area, so an
    institution without 基本信息 cannot inflate a per-capita figure."""

    code: str
    label: str
    level: int = 0                 # 0 = a row; 1 = a subtotal above its rows
    institutions: int = 0
    complete: int = 0
    area: Decimal = Decimal(0)
    headcount: int = 0
    authorized: int = 0
    quantity: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    cost: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    kgce: Decimal = Decimal(0)
    water: Decimal = Decimal(0)
    profiled_kgce: Decimal = Decimal(0)
    profiled_water: Decimal = Decimal(0)

    def add(self, row: Institution) -> None:
        self.institutions += 1
        self.complete += row.months == FULL_YEAR
        self.area += row.area
        self.headcount += row.headcount
        self.authorized += row.authorized
        for t, q in row.quantity.items():
            self.quantity[t] += q
        for t, c in row.cost.items():
            self.cost[t] += c
        self.kgce += row.kgce
        self.water += row.water
        if row.has_profile:
            self.profiled_kgce += row.kgce
            self.profiled_water += row.water

    @property
    def total_cost(self) -> Decimal:
        return sum(self.cost.values(), Decimal(0))

    # The total row of a base table reads these like an institution's.
    seq = ""
    has_profile = True
    months = None

    def indicators(self) -> Indicators:
        return Indicators(kgce=self.profiled_kgce, water=self.profiled_water,
                          cost=self.total_cost, headcount=self.headcount, area=self.area)


@dataclass
class Report:
    year: int
    scope_label: str
    coefficient_label: str
    institutions: list[Institution]
    by_department: list[Totals]
    by_region: list[Totals]
    by_type: list[Totals]
    total: Totals

    @property
    def expected(self) -> int:
        """Institutions the survey expects: on the register with a profile for the year."""
        return sum(1 for i in self.institutions if i.has_profile and i.on_register)

    @property
    def complete(self) -> int:
        return sum(1 for i in self.institutions
                   if i.has_profile and i.on_register and i.months == FULL_YEAR)


def _agency_q(user: Any, region: Region | None, path_field: str, agency_field: str) -> Q:
    q = user.scope.q(Perm.VIEW_ENERGY, region_path_field=path_field, agency_field=agency_field)
    if region is not None:
        q &= Q(**{f"{path_field}__startswith": region.path})
    return q


def collect(*, user: Any, year: int, region: Region | None = None,
            coefficient_set: CoefficientSet | None = None, scope_label: str = "") -> Report:
    """The scope's year: every institution with readings or a profile in `year` that the
    user may see (within `region` when given), and the three summaries."""
    rows: dict[int, Institution] = {}
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    readings = (Reading.objects.filter(_agency_q(user, region, "agency__region__path",
                                                 "agency_id"))
                .filter(month__gte=first, month__lte=last)
                .values("agency_id", "energy_type")
                .annotate(q=Sum("quantity"), c=Sum("cost"), k=Sum("kgce"),
                          nq=Sum("quantity", filter=Q(ncv__isnull=False)),
                          nk=Sum("kgce", filter=Q(ncv__isnull=False)))
                .order_by())
    coefficients = coefficient_set.decimals() if coefficient_set is not None else None
    for r in readings.iterator(chunk_size=5000):
        row = rows.setdefault(r["agency_id"], Institution(r["agency_id"]))
        t = r["energy_type"]
        row.quantity[t] = r["q"] or Decimal(0)
        row.cost[t] = r["c"] or Decimal(0)
        if coefficients is None:
            row.kgce += r["k"] or Decimal(0)
        elif ENERGY_TYPES[t].energy:
            measured_q, measured_k = r["nq"] or Decimal(0), r["nk"] or Decimal(0)
            row.kgce += measured_k + (row.quantity[t] - measured_q) * coefficients.get(
                t, Decimal(0))
    profiles = (InstitutionYear.objects.filter(year=year)
                .filter(_agency_q(user, region, "agency__region__path", "agency_id"))
                .values_list("agency_id", "type_code", "on_register", "building_area",
                             "energy_headcount", "authorized_headcount").order_by())
    for agency_id, type_code, on_register, area, headcount, authorized in profiles.iterator():
        row = rows.setdefault(agency_id, Institution(agency_id))
        row.has_profile, row.type_code, row.on_register = True, type_code, on_register
        row.area, row.headcount, row.authorized = area, headcount, authorized
    masks = (AgencyYear.objects.filter(year=year)
             .filter(_agency_q(user, region, "agency__region__path", "agency_id"))
             .values_list("agency_id", "months_mask").order_by())
    for agency_id, mask in masks.iterator():
        if agency_id in rows:
            rows[agency_id].months = bin(mask).count("1")
    _fill_agencies(rows)
    for row in rows.values():
        row.kgce = row.kgce.quantize(Decimal("0.001"))
    institutions = sorted(rows.values(), key=lambda i: (i.stat_code, i.region_code,
                                                        i.department, i.name, i.agency_id))
    label = (f"{coefficient_set.name}（{coefficient_set.code}）" if coefficient_set
             else "默认折标系数（按读数所属月份适用的默认系数）")
    total = Totals("", "合计")
    for row in institutions:
        total.add(row)
    return Report(year=year, scope_label=scope_label, coefficient_label=label,
                  institutions=institutions, by_department=_by_department(institutions),
                  by_region=_by_region(institutions), by_type=_by_type(institutions),
                  total=total)


def _fill_agencies(rows: dict[int, Institution]) -> None:
    """Names, codes, regions and the department (the top of the parent chain) of every
    row, in batches of ids: a few queries for 40,000 institutions, not one each."""
    info: dict[int, tuple[str, str, str, int | None, str, str, str]] = {}
    wanted = set(rows)
    while wanted:
        ids = sorted(wanted)
        wanted = set()
        for start in range(0, len(ids), BATCH):
            for pk, name, credit, type_code, parent, code, path, rname in (
                    Agency.objects.filter(pk__in=ids[start:start + BATCH]).values_list(
                        "pk", "name", "credit_code", "type_code", "parent_id",
                        "region__code", "region__path", "region__name")):
                info[pk] = (name, credit, type_code, parent, code, path, rname)
                if parent is not None and parent not in info:
                    wanted.add(parent)
        wanted -= set(info)

    def top(pk: int) -> str:
        seen: set[int] = set()
        while (parent := info[pk][3]) is not None and parent in info and parent not in seen:
            seen.add(pk)
            pk = parent
        return info[pk][0]

    for pk, row in rows.items():
        name, credit, type_code, _, code, path, rname = info[pk]
        row.name, row.credit_code, row.region_code, row.region_name = name, credit, code, rname
        row.type_code = row.type_code or type_code
        row.stat_code = stat_path(path).strip("/").split("/")[-1]
        row.department = top(pk)


def _by_department(rows: Iterable[Institution]) -> list[Totals]:
    out: dict[str, Totals] = {}
    for row in rows:
        out.setdefault(row.department, Totals("", row.department)).add(row)
    return [out[k] for k in sorted(out)]


def _by_type(rows: Iterable[Institution]) -> list[Totals]:
    """01, 02 (subtotal of 021-026) with its sub-codes, 03: the form's order."""
    out = {code: Totals(code, label) for code, label in AGENCY_TYPES.items()}
    public = Totals("02", "事业单位（小计）", level=1)
    for row in rows:
        out.setdefault(row.type_code, Totals(row.type_code, row.type_label)).add(row)
        if row.type_code.startswith("02"):
            public.add(row)
    result: list[Totals] = []
    for code in sorted(out):
        if code.startswith("02") and not any(t is public for t in result):
            result.append(public)
        result.append(out[code])
    return result


def _by_region(rows: Sequence[Institution]) -> list[Totals]:
    """Each city as a subtotal followed by its statistical regions (市本级 and counties);
    province-level institutions (省本级) first."""
    codes = {r.stat_code for r in rows}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes).only(
        "code", "name", "path", "parent_id")}
    city_codes = {c: regions[c].path.strip("/").split("/")[1] for c in codes
                  if c in regions and regions[c].path.count("/") > 2}
    cities = {r.code: r for r in Region.objects.filter(code__in=set(city_codes.values()))
              .only("code", "name")}
    leaf: dict[str, Totals] = {}
    subtotal: dict[str, Totals] = {}
    for row in rows:
        region = regions.get(row.stat_code)
        city = city_codes.get(row.stat_code)
        if region is None or city is None:  # the province itself
            leaf.setdefault(row.stat_code, Totals(row.stat_code, "省本级")).add(row)
            continue
        name = "市本级" if row.stat_code == city else region.name
        leaf.setdefault(row.stat_code, Totals(row.stat_code, name)).add(row)
        city_name = cities[city].name if city in cities else city
        subtotal.setdefault(city, Totals(city, f"{city_name}（小计）", level=1)).add(row)
    result = [t for code, t in sorted(leaf.items()) if code not in city_codes]
    for city in sorted(subtotal):
        result.append(subtotal[city])
        result += [leaf[c] for c in sorted(leaf) if city_codes.get(c) == city]
    return result


# ---------------------------------------------------------------- the workbook

@dataclass(frozen=True)
class Col:
    """A column of a table: `group` is the upper header (merged across the columns that
    share it); an empty `label` makes the group header span both header rows."""

    group: str
    label: str
    width: float
    fmt: str
    value: Callable[[Any], object]


def _type_cols() -> list[Col]:
    cols: list[Col] = []
    for t in ENERGY_TYPES.values():
        unit = "kgce" if t.code == "other" else t.unit
        cols.append(Col(t.label, f"用量（{unit}）", 13, "qty",
                        lambda r, c=t.code: r.quantity.get(c, Decimal(0))))
        cols.append(Col(t.label, "费用（元）", 12, "money",
                        lambda r, c=t.code: r.cost.get(c, Decimal(0))))
    return cols


def _ind(key: str) -> Callable[[Any], object]:
    def value(r: Any) -> object:
        ind = r.indicators()
        return ind.value(key) if ind is not None else None
    return value


CONSUMPTION_TAIL = [
    Col("综合能耗（kgce）", "", 15, "qty", lambda r: r.kgce),
    Col("用水量合计（m³）", "", 14, "qty", lambda r: r.water),
    Col("费用合计（元）", "", 14, "money", lambda r: r.total_cost),
    Col("人均综合能耗（kgce/人）", "", 13, "ind", _ind("per_capita")),
    Col("单位建筑面积能耗（kgce/m²）", "", 13, "ind", _ind("per_area")),
    Col("人均用水量（m³/人）", "", 12, "ind", _ind("water_per_capita")),
]
INFO_COLS = [
    Col("单位名称", "", 30, "text", lambda r: r.name),
    Col("统一社会信用代码", "", 21, "text", lambda r: r.credit_code),
    Col("单位性质代码", "", 8, "text", lambda r: r.type_code),
    Col("单位性质", "", 16, "text", lambda r: r.type_label),
    Col("区划代码", "", 9, "text", lambda r: r.region_code),
    Col("所在区划", "", 12, "text", lambda r: r.region_name),
    Col("所属部门", "", 24, "text", lambda r: r.department),
    Col("列入名录库", "", 8, "text", lambda r: ("是" if r.on_register else "否")
        if r.has_profile else "未填报"),
    Col("建筑面积（m²）", "", 13, "qty", lambda r: r.area if r.has_profile else None),
    Col("用能人数（人）", "", 10, "int", lambda r: r.headcount if r.has_profile else None),
    Col("编制人数（人）", "", 10, "int", lambda r: r.authorized if r.has_profile else None),
    Col("填报月数", "", 8, "int", lambda r: r.months),
]
CONSUMPTION_HEAD = [
    Col("单位名称", "", 30, "text", lambda r: r.name),
    Col("统一社会信用代码", "", 21, "text", lambda r: r.credit_code),
]
SUMMARY_HEAD = [
    Col("单位数（个）", "", 9, "int", lambda t: t.institutions),
    Col("其中全年填报（个）", "", 10, "int", lambda t: t.complete),
    Col("建筑面积（m²）", "", 14, "qty", lambda t: t.area),
    Col("用能人数（人）", "", 11, "int", lambda t: t.headcount),
    Col("编制人数（人）", "", 11, "int", lambda t: t.authorized),
]
SHEETS = {
    "info": ("基本信息", "公共机构基本信息"),
    "consumption": ("消费状况", "公共机构能源资源消费状况"),
    "department": ("部门汇总", "公共机构能源资源消费状况（部门汇总）"),
    "region": ("行政区域汇总", "公共机构能源资源消费状况（行政区域汇总）"),
    "type": ("分类汇总", "公共机构能源资源消费状况（分类汇总）"),
}
HEADER_ROWS = (4, 5)
FIRST_DATA_ROW = 6


def sheet_columns(kind: str) -> list[Col]:
    """The columns of a sheet (the data columns; 序号 comes first on the base tables)."""
    seq = [Col("序号", "", 6, "int", lambda r: r.seq)]
    if kind == "info":
        return [*seq, *INFO_COLS]
    if kind == "consumption":
        return [*seq, *CONSUMPTION_HEAD, *_type_cols(), *CONSUMPTION_TAIL,
                Col("填报月数", "", 8, "int", lambda r: r.months)]
    names = {"department": [Col("部门（主管单位）", "", 30, "text", lambda t: t.label)],
             "region": [Col("区划代码", "", 9, "text", lambda t: t.code),
                        Col("区划名称", "", 18, "text", lambda t: t.label)],
             "type": [Col("单位性质代码", "", 8, "text", lambda t: t.code),
                      Col("单位性质", "", 18, "text", lambda t: t.label)]}[kind]
    return [*names, *SUMMARY_HEAD, *_type_cols(), *CONSUMPTION_TAIL]


class _Numbered:
    """A row with its 序号, without copying the row."""

    def __init__(self, seq: int | str, row: Any) -> None:
        self.seq, self._row = seq, row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


class _Writer:
    def __init__(self, target: str | IO[bytes], report: Report, generated_at: dt.datetime):
        self.report, self.generated_at = report, generated_at
        self.wb = xlsxwriter.Workbook(target, {"constant_memory": True,
                                               "nan_inf_to_errors": True})
        add = self.wb.add_format
        border = {"border": 1, "valign": "vcenter"}
        self.f = {
            "title": add({"bold": True, "font_size": 16, "align": "center",
                          "valign": "vcenter"}),
            "left": add({"align": "left"}), "right": add({"align": "right"}),
            "header": add({**border, "bold": True, "align": "center", "text_wrap": True,
                           "bg_color": "#DDEBF7"}),
            "text": add({**border, "num_format": "@"}),
            "int": add({**border, "num_format": "#,##0"}),
            "qty": add({**border, "num_format": "#,##0.00"}),
            "money": add({**border, "num_format": "#,##0.00"}),
            "ind": add({**border, "num_format": "0.00"}),
        }
        self.bold = {k: add({**border, "bold": True, "num_format": fmt}) for k, fmt in (
            ("text", "@"), ("int", "#,##0"), ("qty", "#,##0.00"), ("money", "#,##0.00"),
            ("ind", "0.00"))}

    def table(self, kind: str, rows: Iterable[Any], total: Any, *, freeze_cols: int) -> None:
        name, title = SHEETS[kind]
        cols = sheet_columns(kind)
        ws = self.wb.add_worksheet(name)
        last = len(cols) - 1
        for c, col in enumerate(cols):
            ws.set_column(c, c, col.width)
        ws.set_row(0, 30)
        ws.merge_range(0, 0, 0, last, f"{title}（{self.report.year}年度）", self.f["title"])
        ws.merge_range(1, 0, 1, last,
                       f"表　　号：{FORM_NUMBER}　制定机关：{FORM_AUTHORITY}　"
                       f"批准文号：{FORM_APPROVAL}", self.f["right"])
        half = max(1, last // 2)
        ws.merge_range(2, 0, 2, half, f"填报单位：{self.report.scope_label}", self.f["left"])
        ws.merge_range(2, half + 1, 2, max(last, half + 1),
                       f"报告期：{self.report.year}年", self.f["right"])
        ws.merge_range(3, 0, 3, half, f"折标系数：{self.report.coefficient_label}",
                       self.f["left"])
        ws.merge_range(3, half + 1, 3, max(last, half + 1),
                       "实物量单位见各列；金额单位：元；生成时间："
                       + self.generated_at.strftime("%Y-%m-%d %H:%M"), self.f["right"])
        self._header(ws, cols)
        r = FIRST_DATA_ROW
        for r, row in enumerate(rows, start=FIRST_DATA_ROW):
            bold = getattr(row, "level", 0) > 0
            for c, col in enumerate(cols):
                self._cell(ws, r, c, col.value(row), col.fmt, bold)
        r = max(r + 1, FIRST_DATA_ROW)
        for c, col in enumerate(cols):
            value = "合计" if c == 0 else None if col.fmt == "text" else col.value(total)
            self._cell(ws, r, c, value, col.fmt, True)
        ws.freeze_panes(FIRST_DATA_ROW, freeze_cols)

    def _header(self, ws: Any, cols: Sequence[Col]) -> None:
        """Two header rows written in row order (constant-memory mode drops a write to a
        flushed row, so merge_range() cannot merge a cell down over the next row once that
        row has been started: the merges are recorded after the cells are written)."""
        top, sub = HEADER_ROWS
        merges: list[tuple[int, int, int, int]] = []
        c = 0
        while c < len(cols):
            end = c
            while end + 1 < len(cols) and cols[end + 1].group == cols[c].group and cols[c].label:
                end += 1
            ws.write_string(top, c, cols[c].group, self.f["header"])
            for k in range(c + 1, end + 1):
                ws.write_blank(top, k, None, self.f["header"])
            merges.append((top, c, top, end) if cols[c].label else (top, c, sub, c))
            c = end + 1
        for c, col in enumerate(cols):
            if col.label:
                ws.write_string(sub, c, col.label, self.f["header"])
            else:
                ws.write_blank(sub, c, None, self.f["header"])
        for m in merges:
            if m[0] != m[2] or m[1] != m[3]:
                ws.merge.append(list(m))

    def _cell(self, ws: Any, r: int, c: int, value: object, fmt: str, bold: bool) -> None:
        style = (self.bold if bold else self.f)[fmt]
        if value is None or value == "":
            ws.write_blank(r, c, None, style)
        elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            ws.write_number(r, c, float(value), style)
        else:
            ws.write_string(r, c, str(value), style)

    def readme(self) -> None:
        ws = self.wb.add_worksheet("填报说明")
        ws.set_column(0, 0, 14)
        ws.set_column(1, 1, 100)
        lines = [
            ("依据", "《公共机构节能条例》第十五条：每年3月31日前报送上一年度能源消费状况报告；"
                     "表式依据《公共机构能源资源消费统计调查制度》（2025年11月修订，"
                     "表号、批准文号待核对）。"),
            ("报告期", f"{self.report.year}年1月至12月；报送截止日期 "
                       f"{deadline(self.report.year):%Y年%m月%d日}。"),
            ("范围", f"{self.report.scope_label}：本年度有消费读数或基本信息的公共机构。"),
            ("折标系数", self.report.coefficient_label
             + "；有实测低位发热量的读数按实测值折算。"),
            ("指标", "人均综合能耗 = 综合能耗 ÷ 用能人数；单位建筑面积能耗 = 综合能耗 ÷ 建筑面积；"
                     "人均用水量 = 用水量 ÷ 用能人数。汇总表的指标只计有基本信息的单位。"),
            ("部门", "所属部门为单位上级单位链的最顶层单位；无上级单位的，以本单位为部门。"),
            ("行政区域", "县级及以下单位计入所在县（市、区）；市级单位计入“市本级”，"
                         "省级单位计入“省本级”；各市先列小计，再列所辖区域。"),
        ]
        ws.write_string(0, 0, "填报说明", self.f["title"])
        for r, (key, text) in enumerate(lines, start=2):
            ws.write_string(r, 0, key, self.bold["text"])
            ws.write_string(r, 1, text, self.f["text"])

    def close(self) -> None:
        self.wb.close()


def write_workbook(target: str | IO[bytes], report: Report,
                   generated_at: dt.datetime | None = None) -> None:
    """The workbook of `report`: the two base tables, the three summaries, the notes."""
    w = _Writer(target, report, generated_at or dt.datetime.now())
    try:
        numbered = [_Numbered(n, row) for n, row in enumerate(report.institutions, start=1)]
        w.table("info", numbered, report.total, freeze_cols=3)
        w.table("consumption", numbered, report.total, freeze_cols=3)
        w.table("department", report.by_department, report.total, freeze_cols=1)
        w.table("region", report.by_region, report.total, freeze_cols=2)
        w.table("type", report.by_type, report.total, freeze_cols=2)
        w.readme()
    finally:
        w.close()
