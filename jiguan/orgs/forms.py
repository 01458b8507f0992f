from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.core.web.forms import id_field
from jiguan.orgs import rules
from jiguan.orgs.models import (
    AGENCY_TYPE_CHOICES,
    Agency,
    AgencyLevel,
    AgencyStatus,
    Person,
    PersonStatus,
)

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_DATE = {"class": "form-control", "type": "date"}
OUT_OF_SCOPE_REGION = "所选区划不存在或不在您的权限范围内"


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        else:
            widget.attrs.setdefault("class", "form-control")


class AgencyForm(forms.ModelForm):
    parent_credit_code = forms.CharField(
        label="上级单位信用代码", required=False, max_length=20,
        help_text="填写上级单位的统一社会信用代码；无上级单位可不填")

    class Meta:
        model = Agency
        fields = ["name", "credit_code", "region", "level", "type_code",
                  "authorized_headcount", "actual_headcount", "energy_headcount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, regions: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE_REGION
        self.agencies = agencies
        if self.instance.pk and self.instance.parent_id:
            self.fields["parent_credit_code"].initial = self.instance.parent.credit_code
        for name in ("authorized_headcount", "actual_headcount", "energy_headcount"):
            self.fields[name].min_value = 0  # type: ignore[attr-defined]
            self.fields[name].widget.attrs["min"] = "0"
            self.fields[name].error_messages["min_value"] = "不能为负数"
        _style(self)

    def clean_credit_code(self) -> str:
        code = rules.normalize_credit_code(self.cleaned_data.get("credit_code") or "")
        problem = rules.credit_code_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        clash = Agency.objects.filter(credit_code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("该统一社会信用代码已登记")
        return code

    def clean_parent_credit_code(self) -> Agency | None:
        code = rules.normalize_credit_code(self.cleaned_data.get("parent_credit_code") or "")
        if not code:
            return None
        parent = self.agencies.filter(credit_code=code).first()
        if parent is None:
            raise forms.ValidationError("未找到该信用代码的单位（或不在您的权限范围内）")
        if self.instance.pk and parent.pk == self.instance.pk:
            raise forms.ValidationError("上级单位不能是本单位")
        return parent

    def validate_unique(self) -> None:
        # Uniqueness of the credit code is checked in clean_credit_code with a clearer message.
        return None

    def action_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "parent_credit_code"}
        data["parent"] = self.cleaned_data.get("parent_credit_code")
        return data


class AgencyStatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=AgencyStatus.choices)
    status_date = forms.DateField(label="日期", required=False,
                                  widget=forms.DateInput(attrs=_DATE))
    merged_into_credit_code = forms.CharField(label="并入单位信用代码", required=False,
                                              max_length=20)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = rules.normalize_credit_code(data.get("merged_into_credit_code") or "")
        data["merged_into"] = None
        if data.get("status") == AgencyStatus.MERGED:
            target = self.agencies.filter(credit_code=code).first() if code else None
            if target is None:
                self.add_error("merged_into_credit_code",
                               "请填写并入单位的信用代码（须在您的权限范围内）")
            data["merged_into"] = target
        if data.get("status") in (AgencyStatus.MERGED, AgencyStatus.ABOLISHED) and not data.get(
                "status_date"):
            self.add_error("status_date", "撤并须填写日期")
        return data


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "staff_no", "post", "rank"]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["rank"] = forms.ChoiceField(
            label="职级", choices=[("", "请选择"), *rules.rank_choices(agency.level)],
            help_text=f"《党政机关办公用房建设标准》{agency.get_level_display()}机关的职级",
            error_messages={"invalid_choice": "该职级不属于本单位层级，请重新选择"})
        _style(self)

    def clean_staff_no(self) -> str:
        staff_no: str = (self.cleaned_data.get("staff_no") or "").strip()
        if staff_no:
            clash = Person.objects.filter(agency=self.agency, staff_no=staff_no)
            if clash.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError("同一单位内人员编号不能重复")
        return staff_no

    def validate_unique(self) -> None:
        return None


class PersonStatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=PersonStatus.choices)
    status_date = forms.DateField(label="日期", required=False,
                                  widget=forms.DateInput(attrs=_DATE))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") in (PersonStatus.TRANSFERRED, PersonStatus.RETIRED) and not data.get(
                "status_date"):
            self.add_error("status_date", "调离或退休须填写日期")
        return data


class ConcurrentPostForm(forms.Form):
    agency_credit_code = forms.CharField(label="兼职单位信用代码", max_length=20)
    post = forms.CharField(label="兼任职务", max_length=100)
    start_date = forms.DateField(label="起始日期", widget=forms.DateInput(attrs=_DATE))
    end_date = forms.DateField(label="结束日期", required=False,
                               widget=forms.DateInput(attrs=_DATE))
    approved = forms.BooleanField(label="已批准另配办公室", required=False)
    approval_doc = forms.CharField(label="批准文号", required=False, max_length=100)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = rules.normalize_credit_code(data.get("agency_credit_code") or "")
        data["agency"] = self.agencies.filter(credit_code=code).first() if code else None
        if code and data["agency"] is None:
            self.add_error("agency_credit_code", "未找到该信用代码的单位（或不在您的权限范围内）")
        end: dt.date | None = data.get("end_date")
        if end and data.get("start_date") and end < data["start_date"]:
            self.add_error("end_date", "结束日期不能早于起始日期")
        return data


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100,
                        widget=forms.TextInput(attrs={**_TEXT, "placeholder": "名称或信用代码"}))
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, widget=forms.Select(attrs=_SELECT))
    level = forms.ChoiceField(label="层级", required=False,
                              choices=[("", "全部"), *AgencyLevel.choices],
                              widget=forms.Select(attrs=_SELECT))
    type_code = forms.ChoiceField(label="单位性质", required=False,
                                  choices=[("", "全部"), *AGENCY_TYPE_CHOICES],
                                  widget=forms.Select(attrs=_SELECT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *AgencyStatus.choices],
                               widget=forms.Select(attrs=_SELECT))
    import_job = id_field("导入批次")  # the rows an import created or changed

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE_REGION


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100,
                        widget=forms.TextInput(attrs={**_TEXT, "placeholder": "姓名、职务或单位"}))
    agency = id_field("单位编号")
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, widget=forms.Select(attrs=_SELECT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *PersonStatus.choices],
                               widget=forms.Select(attrs=_SELECT))
    import_job = id_field("导入批次")  # the rows an import created or changed

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE_REGION
