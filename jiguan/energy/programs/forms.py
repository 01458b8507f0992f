"""Forms and list filters of the energy programmes: coefficient sets, water-saving units,
energy performance contracts and garbage sorting. Forms check shape and scope; the
programmes' rules are checked once, in actions.py (and jiguan/energy/rules.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Count, Q, QuerySet

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.energy.models import (
    ContractType,
    EnergyContract,
    GarbageSortingSite,
    SortingSiteKind,
    WaterSavingStatus,
    WaterSavingUnit,
)
from jiguan.energy.rules import ENERGY_TYPES
from jiguan.orgs import rules as org_rules
from jiguan.orgs.models import Agency, AgencyLevel

_DATE = {"class": "form-control", "type": "date"}
OUT_OF_SCOPE = "所选区划不存在或不在您的权限范围内"
NO_AGENCY = "未找到该信用代码的单位（或不在您的权限范围内）"
DEFAULT_WATER_SAVING_TARGET = Decimal("0.6")


def water_saving_target() -> Decimal:
    """The share of provincial institutions that should be water-saving units (the seed's
    60 %); JIGUAN_WATER_SAVING_TARGET overrides it."""
    value = getattr(settings, "JIGUAN_WATER_SAVING_TARGET", DEFAULT_WATER_SAVING_TARGET)
    return Decimal(str(value))


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.DateInput):
            widget.attrs.update(_DATE)
        else:
            widget.attrs.setdefault("class", "form-control")


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required,
                           widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
                           error_messages={"invalid": f"{label}格式应为 2025-03-31"})


# ---------------------------------------------------------------- coefficient sets

def coefficient_field_name(code: str) -> str:
    return f"k_{code}"


class CoefficientSetForm(forms.Form):
    code = forms.CharField(label="编号", max_length=40)
    name = forms.CharField(label="名称", max_length=100)
    source = forms.CharField(label="依据文件", max_length=300, required=False,
                             help_text="必须注明来源文件（标准号、文号或发布机关）")
    effective_from = _date("施行日期")
    is_default = forms.BooleanField(label="设为默认折算系数（自施行日期起重新折算所有读数）",
                                    required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, t in ENERGY_TYPES.items():
            self.fields[coefficient_field_name(code)] = forms.DecimalField(
                label=f"{t.label}（kgce/{t.unit}）", required=False, max_digits=12,
                decimal_places=6, initial=0 if not t.energy else None,
                error_messages={"invalid": f"“{t.label}”的折标系数须为数字",
                                "max_decimal_places": f"“{t.label}”的折标系数最多 6 位小数",
                                "max_digits": f"“{t.label}”的折标系数过大"})
        _style(self)

    def clean_source(self) -> str:
        source = str(self.cleaned_data.get("source") or "").strip()
        if not source:
            raise forms.ValidationError("请填写依据文件（折标系数必须注明来源）")
        return source

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for code, t in ENERGY_TYPES.items():
            name = coefficient_field_name(code)
            if name in self.errors:
                continue
            value = data.get(name)
            if value is None and t.energy:
                self.add_error(name, f"缺少“{t.label}”的折标系数")
            elif value is not None and value < 0:
                self.add_error(name, f"“{t.label}”的折标系数不能为负数")
            elif value is not None and t.energy and value == 0:
                self.add_error(name, f"“{t.label}”的折标系数不能为 0")
        return data

    def action_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        values = {code: d[coefficient_field_name(code)] for code in ENERGY_TYPES
                  if d.get(coefficient_field_name(code)) is not None}
        return {"code": d["code"], "name": d["name"], "source": d["source"],
                "effective_from": d["effective_from"], "is_default": d["is_default"],
                "note": d["note"], "values": values}


# ---------------------------------------------------------------- water-saving units

class WaterSavingFilterForm(forms.Form):
    q = forms.CharField(label="单位名称", required=False, max_length=100)
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, widget=forms.Select)
    status = forms.ChoiceField(label="状态", required=False, choices=[
        ("", "全部"), ("none", "未创建"), *WaterSavingStatus.choices])
    level = forms.ChoiceField(label="单位层级", required=False,
                              choices=[("", "全部"), *AgencyLevel.choices])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        _style(self)


def _accepted() -> QuerySet[Any]:
    """The ids of the agencies with an accepted water-saving unit (share_rollup's flag)."""
    return WaterSavingUnit.objects.filter(status=WaterSavingStatus.ACCEPTED).values("agency_id")


def institutions_for(user: Any, params: Any) -> tuple[QuerySet[Agency], WaterSavingFilterForm,
                                                      Region | None]:
    """Active institutions in scope with their water-saving record (None = 未创建), the
    filter form, and the region the shares are rolled up under."""
    regions = Region.objects.visible_to(user, Perm.VIEW_ENERGY)
    form = WaterSavingFilterForm(params or None, regions=regions)
    qs = (Agency.objects.visible_to(user, Perm.VIEW_ENERGY).active_in_register_order()
          .select_related("region", "water_saving"))
    region = None
    if form.is_valid():
        d = form.cleaned_data
        region = d.get("region")
        if region is not None:
            qs = qs.filter(region__path__startswith=region.path)
        if d.get("q"):
            qs = qs.filter(name__icontains=d["q"])
        if d.get("level"):
            qs = qs.filter(level=d["level"])
        if d.get("status") == "none":
            qs = qs.filter(water_saving__isnull=True)
        elif d.get("status"):
            qs = qs.filter(water_saving__status=d["status"])
    elif form.is_bound:
        qs = qs.none()
    if region is None:
        region = regions.order_by("path").first()
    return qs, form, region


def share_rollup(agencies: QuerySet[Agency], region: Region | None,
                 flagged: QuerySet[Any]) -> list[dict[str, Any]]:
    """Per child region of `region` (and 本级 for the region's own institutions): all
    institutions and provincial ones, how many are among `flagged` (agency ids), and the
    shares. Two counts per region id and level in one grouped query, of all and of the
    flagged (a semi-join on the flagged ids): an EXISTS per agency was one probe for each
    of a province's 40,000 agencies, and grouping by the region's path cost more than by
    its id (bench/README.md, session 9)."""
    if region is None:
        return []
    # The region's agencies by its regions' ids, not a join on the region's path: SQLite
    # then counts from the (region, status, level) index alone, region by region, instead
    # of joining each of the province's 40,000 agencies to its region (bench/README.md,
    # session 10).
    within = agencies.order_by().filter(
        region_id__in=Region.objects.filter(path__startswith=region.path).values("pk"))
    totals: dict[tuple[int, str], int] = {}
    marked_totals: dict[tuple[int, str], int] = {}
    # Both counts in one pass over the region's agencies (a second grouped count of the
    # flagged ones read them all again on PostgreSQL).
    for c in within.values("region_id", "level").annotate(
            n=Count("pk"), m=Count("pk", filter=Q(pk__in=flagged))):
        totals[(c["region_id"], c["level"])] = c["n"]
        marked_totals[(c["region_id"], c["level"])] = c["m"]
    paths = dict(Region.objects.filter(pk__in={k[0] for k in totals})
                 .values_list("pk", "path"))
    children = list(Region.objects.filter(parent=region).order_by("code"))
    rows: dict[str, dict[str, Any]] = {}

    def row(key: str, label: str, node: Region | None) -> dict[str, Any]:
        return rows.setdefault(key, {"label": label, "region": node, "total": 0, "flagged": 0,
                                     "province_total": 0, "province_flagged": 0})

    for (region_id, level), n in totals.items():
        path = paths[region_id]
        child = next((ch for ch in children if path.startswith(ch.path)), None)
        r = row(child.path, child.name, child) if child else row("", f"{region.name}本级", None)
        m = marked_totals.get((region_id, level), 0)
        r["total"] += n
        r["flagged"] += m
        if level == AgencyLevel.PROVINCE:
            r["province_total"] += n
            r["province_flagged"] += m
    out = sorted(rows.values(), key=lambda r: (r["region"] is not None,
                                               r["region"].code if r["region"] else ""))
    total = {"label": "合计", "region": None,
             **{k: sum(r[k] for r in out) for k in ("total", "flagged", "province_total",
                                                    "province_flagged")}}
    for r in [*out, total]:
        r["share"] = _share(r["flagged"], r["total"])
        r["province_share"] = _share(r["province_flagged"], r["province_total"])
    return [*out, total] if out else []


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


class WaterChecklistForm(forms.ModelForm[WaterSavingUnit]):
    class Meta:
        model = WaterSavingUnit
        fields = ["tiered_metering", "fixtures_all_saving", "named_manager", "ledger",
                  "yearly_plan", "balance_test", "balance_test_date", "evidence"]
        widgets = {"balance_test_date": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
                   "evidence": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["balance_test_date"].error_messages["invalid"] = \
            "水平衡测试日期格式应为 2025-03-31"
        _style(self)

    def validate_unique(self) -> None:
        return None


class WaterAcceptForm(forms.Form):
    accepted_on = _date("认定日期")
    accepted_doc = forms.CharField(label="认定文号", max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class WaterRevokeForm(forms.Form):
    revoked_on = _date("撤销日期")
    reason = forms.CharField(label="撤销原因", max_length=300,
                             error_messages={"required": "请填写撤销原因"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


# ---------------------------------------------------------------- contracts

class AgencyCodeField(forms.CharField):
    """An institution by its credit code, within a queryset given by the form."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label="单位统一社会信用代码", max_length=20, **kwargs)


def _agency_by_code(agencies: QuerySet[Agency], text: str) -> Agency:
    code = org_rules.normalize_credit_code(text or "")
    agency = agencies.filter(credit_code=code).first() if code else None
    if agency is None:
        raise forms.ValidationError(NO_AGENCY)
    return agency


class ContractFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, widget=forms.Select)
    contract_type = forms.ChoiceField(label="合同类型", required=False,
                                      choices=[("", "全部"), *ContractType.choices])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        _style(self)


def contracts_for(user: Any, params: Any) -> tuple[QuerySet[EnergyContract], ContractFilterForm]:
    form = ContractFilterForm(params or None,
                              regions=Region.objects.visible_to(user, Perm.VIEW_ENERGY))
    qs = (EnergyContract.objects.visible_to(user).select_related("agency", "agency__region")
          .order_by("-start_date", "pk"))
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(name__icontains=d["q"]) | Q(provider__icontains=d["q"])
                           | Q(agency__name__icontains=d["q"]))
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("contract_type"):
            qs = qs.filter(contract_type=d["contract_type"])
    elif form.is_bound:
        qs = qs.none()
    return qs, form


class ContractForm(forms.ModelForm[EnergyContract]):
    class Meta:
        model = EnergyContract
        fields = ["name", "contract_type", "provider", "provider_credit_code", "start_date",
                  "end_date", "baseline_start", "baseline_end", "baseline_kgce", "measurement",
                  "sharing_ratio", "guaranteed_kgce", "contract_amount"]
        widgets = {k: forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
                   for k in ("start_date", "end_date", "baseline_start", "baseline_end")}

    def __init__(self, *args: Any, agencies: QuerySet[Agency] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        if agencies is not None:
            self.fields = {"agency": AgencyCodeField(), **self.fields}
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{field.label}格式应为 2025-03-31"
        _style(self)

    def clean_agency(self) -> Agency:
        assert self.agencies is not None
        return _agency_by_code(self.agencies, self.cleaned_data.get("agency") or "")

    def clean(self) -> dict[str, Any]:
        from jiguan.energy.programs.actions import contract_problems

        data = super().clean() or {}
        for name, message in contract_problems(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def _post_clean(self) -> None:
        # The action applies the data and runs the model's checks on a fresh copy.
        return None

    def action_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "agency"}


# ---------------------------------------------------------------- garbage sorting

class SortingFilterForm(forms.Form):
    q = forms.CharField(label="名称", required=False, max_length=100)
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, widget=forms.Select)
    kind = forms.ChoiceField(label="类别", required=False,
                             choices=[("", "全部"), *SortingSiteKind.choices])
    current = forms.ChoiceField(label="状态", required=False,
                                choices=[("", "全部"), ("1", "正在分类"), ("0", "已停止")])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        _style(self)


def sorting_sites_for(user: Any, params: Any
                      ) -> tuple[QuerySet[GarbageSortingSite], SortingFilterForm, Region | None]:
    regions = Region.objects.visible_to(user, Perm.VIEW_ENERGY)
    form = SortingFilterForm(params or None, regions=regions)
    qs = (GarbageSortingSite.objects.visible_to(user).select_related("region", "agency")
          .order_by("region__path", "name", "pk"))
    region = None
    if form.is_valid():
        d = form.cleaned_data
        region = d.get("region")
        if region is not None:
            qs = qs.filter(region__path__startswith=region.path)
        if d.get("q"):
            qs = qs.filter(name__icontains=d["q"])
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("current") == "1":
            qs = qs.filter(ended_on__isnull=True)
        elif d.get("current") == "0":
            qs = qs.filter(ended_on__isnull=False)
    elif form.is_bound:
        qs = qs.none()
    if region is None:
        region = regions.order_by("path").first()
    return qs, form, region


def sorting_flag() -> QuerySet[Any]:
    """The ids of the agencies sorting now (a current institution site; share_rollup's flag)."""
    return GarbageSortingSite.objects.filter(
        kind=SortingSiteKind.INSTITUTION, ended_on__isnull=True).values("agency_id")


class SortingSiteForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=SortingSiteKind.choices)
    agency = forms.CharField(label="单位统一社会信用代码（公共机构）", max_length=20,
                             required=False)
    name = forms.CharField(label="名称（居住小区必填；公共机构默认单位名称）", max_length=100,
                           required=False)
    region = forms.ModelChoiceField(label="所在区划（居住小区必填）",
                                    queryset=Region.objects.none(), required=False)
    since = _date("开始分类日期")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], regions: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SortingSiteKind.INSTITUTION:
            try:
                data["agency"] = _agency_by_code(self.agencies, data.get("agency") or "")
            except forms.ValidationError as exc:
                self.add_error("agency", exc)
        else:
            data["agency"] = None
            if not (data.get("name") or "").strip():
                self.add_error("name", "居住小区须填写名称")
            if data.get("region") is None and "region" not in self.errors:
                self.add_error("region", "居住小区须选择所在区划")
        return data


class EndForm(forms.Form):
    ended_on = _date("停止日期")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
