"""Forms of the research pages and API input (Chinese messages naming the field)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.core.files import FileKind
from jiguan.core.files.forms import UploadField
from jiguan.guidance.plans.forms import messages
from jiguan.guidance.research.models import (
    AwardLevel,
    AwardRank,
    MemberRole,
    TopicStatus,
    UseKind,
)


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=messages(label) | {
        "invalid": f"{label}格式应为 YYYY-MM-DD"},
        widget=forms.DateInput(attrs={"type": "date"}))


def _id(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1,
                              error_messages=messages(label))


class TopicFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              error_messages=messages("年度"))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *TopicStatus.choices],
                               error_messages=messages("状态"))


class TopicForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              error_messages=messages("年度"))
    title = forms.CharField(label="课题名称", max_length=200, error_messages=messages("课题名称"))
    division = forms.CharField(label="牵头处室", max_length=100, required=False)
    status = forms.ChoiceField(label="状态", choices=TopicStatus.choices,
                               error_messages=messages("状态"))
    summary = forms.CharField(label="研究内容", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(label="主要成果", required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(forms.Form):
    person = _id("在册人员编号")
    name = forms.CharField(label="外部成员姓名", max_length=50, required=False)
    organisation = forms.CharField(label="外部成员所在单位", max_length=100, required=False,
                                   help_text="如：浙江大学、省机关事务研究会")
    role = forms.ChoiceField(label="分工", choices=MemberRole.choices,
                             error_messages=messages("分工"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].help_text = "在册人员填人员编号（人员页网址中的数字）；外部成员留空"


class MilestoneForm(forms.Form):
    title = forms.CharField(label="节点", max_length=100, error_messages=messages("节点"))
    due = _date("计划完成日期")


class MilestoneDoneForm(forms.Form):
    done_on = _date("实际完成日期")


class ReportForm(forms.Form):
    title = forms.CharField(label="报告名称", max_length=200, required=False,
                            help_text="留空则取文件名")
    file = UploadField(label="报告文件", kinds=(FileKind.DOCUMENT,),
                       error_messages=messages("报告文件") | {"required": "请选择报告文件"})


class AwardForm(forms.Form):
    level = forms.ChoiceField(label="级别", choices=AwardLevel.choices,
                              error_messages=messages("级别"))
    rank = forms.ChoiceField(label="等次", choices=AwardRank.choices,
                             error_messages=messages("等次"))
    year = forms.IntegerField(label="获奖年度", min_value=2000, max_value=2100,
                              error_messages=messages("获奖年度"))
    body = forms.CharField(label="评奖机构", max_length=100, error_messages=messages("评奖机构"))
    name = forms.CharField(label="奖项名称", max_length=100, required=False)


class UseForm(forms.Form):
    kind = forms.ChoiceField(label="转化类型", choices=UseKind.choices,
                             error_messages=messages("转化类型"))
    link = forms.ChoiceField(label="转化对象", error_messages=messages("转化对象"))
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, options: dict[str, list[tuple[int, str]]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [("", "—"), *[  # type: ignore[attr-defined]
            (UseKind(kind).label, [(f"{kind}:{pk}", text) for pk, text in rows])
            for kind, rows in options.items() if rows]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        link = data.get("link") or ""
        kind, _, pk = link.partition(":")
        if link and kind != data.get("kind"):
            self.add_error("link", "转化对象与转化类型不一致")
        data["link_id"] = int(pk) if pk.isdigit() else None
        return data
