"""The forms of the rules library: the rule, its text, its status, a relation, an
attachment, the filters of the register and the clean-up decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.governance.library.models import (
    CleanupDecision,
    RelationKind,
    Rule,
    RuleKind,
    RuleStatus,
    RuleSubject,
)

DATE = forms.DateInput(attrs={"type": "date"})


class RuleForm(forms.Form):
    region = forms.ModelChoiceField(label="所属区划", queryset=Region.objects.none())
    title = forms.CharField(label="标题", max_length=200)
    issuer = forms.CharField(label="发文机关", max_length=200,
                             help_text="联合发文的各机关以“、”分隔")
    number = forms.CharField(label="文号", max_length=60, required=False,
                             help_text="如 浙机事发〔2018〕12号")
    kind = forms.ModelChoiceField(label="类别", queryset=RuleKind.objects.all())
    subject = forms.ModelChoiceField(label="主题", queryset=RuleSubject.objects.all())
    issued_on = forms.DateField(label="发布日期", required=False, widget=DATE)
    effective_on = forms.DateField(label="施行日期", required=False, widget=DATE)
    valid_until = forms.DateField(label="有效期至", required=False, widget=DATE,
                                  help_text="行政规范性文件留空则按默认有效期计算")
    text_note = forms.CharField(label="正文说明", max_length=200, required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class TextForm(forms.Form):
    text = forms.CharField(label="正文（粘贴）", required=False,
                           widget=forms.Textarea(attrs={"rows": 12}),
                           help_text="每条以“第一条”“第二条”……开头；“第一章”行为章名")
    file = forms.FileField(label="或上传 Word 文件（.docx）", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text") and not data.get("file"):
            raise forms.ValidationError("请粘贴正文或上传 .docx 文件")
        upload = data.get("file")
        if upload is not None and not upload.name.lower().endswith(".docx"):
            self.add_error("file", "只接受 Word（.docx）文件")
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（PDF）")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=RuleStatus.choices)
    on = forms.DateField(label="变更日期", widget=DATE)
    document = forms.CharField(label="变更依据文件", max_length=200,
                               help_text="如 浙机事发〔2024〕3号")


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label="关系", choices=RelationKind.choices)
    target = forms.ModelChoiceField(label="库内文件", queryset=Rule.objects.none(),
                                    required=False)
    target_title = forms.CharField(label="或库外文件", max_length=200, required=False,
                                   help_text="如 《中华人民共和国预算法》")

    def __init__(self, *args: Any, rules: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = rules  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("target") and not data.get("target_title"):
            raise forms.ValidationError("请选择库内文件或填写库外文件")
        return data


class RuleFilterForm(forms.Form):
    q = forms.CharField(label="全文检索", required=False, max_length=100)
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False)
    subject = forms.ModelChoiceField(label="主题", queryset=RuleSubject.objects.all(),
                                     required=False)
    kind = forms.ModelChoiceField(label="类别", queryset=RuleKind.objects.all(), required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *RuleStatus.choices],
                               required=False)
    year = forms.IntegerField(label="年份", required=False, min_value=1949, max_value=2100)
    lapsed_by = forms.DateField(label="有效期届满未清理（截至）", required=False, widget=DATE,
                                error_messages={"invalid": "截至日期格式应为 YYYY-MM-DD"},
                                help_text="现行有效、有效期至早于该日的制度")

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class CampaignForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none())

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="清理意见", choices=CleanupDecision.choices)
    note = forms.CharField(label="说明", max_length=300, required=False)


class ApplyForm(forms.Form):
    result_doc = forms.CharField(label="清理结果公布文件", max_length=200,
                                 help_text="如 浙机事发〔2026〕20号")
    applied_on = forms.DateField(label="公布日期", widget=DATE)
    confirm = forms.BooleanField(label="确认按清理意见一次性变更各文件状态")


class VocabularyForm(forms.Form):
    """An entry of the province's kind or subject list (actions.vocabulary_save checks it)."""

    name = forms.CharField(label="名称", max_length=40)
    order = forms.IntegerField(label="排序（小者在前）", min_value=0, max_value=999, initial=0,
                               required=False)


class KindForm(VocabularyForm):
    has_validity = forms.BooleanField(label="设有效期（如行政规范性文件）", required=False)

