"""The forms of the major decisions: a catalogue item, a decision, a step, a document, the
legality review's submission (reviews' SubmitForm), the discussion, an opinion, the chief's
decision, and the list's filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.core.files import FileKind
from jiguan.core.files.forms import UploadField
from jiguan.governance.decisions import rules
from jiguan.governance.decisions.models import (
    CatalogueItem,
    DecisionKind,
    DecisionResult,
    DecisionStatus,
    Position,
    StepKind,
    StepStatus,
)
from jiguan.orgs.fields import AgencyChoiceField

DATE = forms.DateInput(attrs={"type": "date"})
WAN = Decimal(10_000)
DOC_KINDS = (FileKind.DOCUMENT, FileKind.IMAGE)


class CatalogueForm(forms.Form):
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none())
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100)
    title = forms.CharField(label="决策事项", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=DecisionKind.choices)
    sponsor = forms.CharField(label="承办单位", max_length=100)
    planned = forms.CharField(label="计划完成时间", max_length=40, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    agency = AgencyChoiceField(label="决策机关")
    title = forms.CharField(label="决策事项名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=DecisionKind.choices)
    amount_wan = forms.DecimalField(label="金额（万元）", required=False, max_digits=12,
                                    decimal_places=2, help_text="不涉及金额的留空")
    catalogue_item = forms.ModelChoiceField(label="决策事项目录", required=False,
                                            queryset=CatalogueItem.objects.none())
    sponsor = forms.CharField(label="承办单位", max_length=100)
    summary = forms.CharField(label="决策草案要点", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, agencies: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["catalogue_item"].queryset = items  # type: ignore[attr-defined]

    def clean_amount_wan(self) -> Decimal | None:
        value = self.cleaned_data.get("amount_wan")
        if value is not None and value <= 0:
            raise forms.ValidationError("金额应大于零（不涉及金额的请留空）")
        return value

    def data_for_action(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        wan = d.pop("amount_wan", None)
        d["amount"] = wan * WAN if wan is not None else None
        return d


class StepForm(forms.Form):
    status = forms.ChoiceField(label="办理情况", choices=StepStatus.choices)
    on = forms.DateField(label="办理日期", required=False, widget=DATE)
    people = forms.CharField(label="参加人员", max_length=300, required=False,
                             help_text="如：论证专家、评估机构、参与的群众代表")
    outcome = forms.CharField(label="办理结果", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="不适用的理由", max_length=300, required=False)
    document_title = forms.CharField(label="材料名称", max_length=200, required=False)
    file = UploadField(kinds=DOC_KINDS, label="材料文件", required=False)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind and kind not in rules.MAY_NOT_APPLY:
            self.fields["status"].choices = [(StepStatus.DONE, StepStatus.DONE.label)]  # type: ignore[attr-defined]
            del self.fields["reason"]


class DocumentForm(forms.Form):
    step = forms.ChoiceField(label="环节", choices=StepKind.choices)
    title = forms.CharField(label="材料名称", max_length=200, required=False)
    file = UploadField(kinds=DOC_KINDS, label="文件")


class DiscussionForm(forms.Form):
    meeting = forms.CharField(label="会议名称", max_length=100,
                              help_text="如：局长办公会议、局党组会议")
    held_on = forms.DateField(label="会议日期", widget=DATE)
    chair = forms.CharField(label="主持人", max_length=50)
    attendees = forms.CharField(label="出席人员", max_length=500, help_text="以“、”分隔")
    absent = forms.CharField(label="缺席人员", max_length=300, required=False)
    note = forms.CharField(label="会议记录", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class OpinionForm(forms.Form):
    speaker = forms.CharField(label="发言人", max_length=50)
    position = forms.ChoiceField(label="意见", choices=Position.choices)
    text = forms.CharField(label="发言要点", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    decided_on = forms.DateField(label="决定日期", widget=DATE)
    decided_by = forms.CharField(label="作出决定的行政首长", max_length=50)
    result = forms.ChoiceField(label="决定", choices=DecisionResult.choices)
    text = forms.CharField(label="决定内容", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="与多数意见不一致的，须写明理由")
    evaluate_on = forms.DateField(label="决策后评估日期", required=False, widget=DATE,
                                  help_text="决定同意的，留空则为决定后一年")


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label="名称", max_length=100, required=False)
    region = forms.ModelChoiceField(label="区划", required=False,
                                    queryset=Region.objects.none())
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类型", required=False,
                             choices=[("", "全部"), *DecisionKind.choices])
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *DecisionStatus.choices])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


def this_year() -> int:
    return dt.date.today().year
