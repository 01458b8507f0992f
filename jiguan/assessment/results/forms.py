"""Forms of a bureau's assessment: self-evaluation, review and appeals."""

from __future__ import annotations

from django import forms

from jiguan.assessment.schemes.forms import messages, points_field
from jiguan.assessment.schemes.models import SchemeStatus
from jiguan.core.files import FileKind
from jiguan.core.files.forms import UploadField


class MultipleUploadInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(UploadField):
    """Several evidence files at once (documents or images), each checked."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(kinds=(FileKind.DOCUMENT, FileKind.IMAGE), required=False,
                         label="佐证材料", **kwargs)  # type: ignore[arg-type]
        self.widget = MultipleUploadInput(attrs=self.widget.attrs)

    def clean(self, data: object, initial: object = None) -> object:
        if isinstance(data, list | tuple):
            return [super(EvidenceField, self).clean(d, initial) for d in data if d]
        return [f for f in [super().clean(data, initial)] if f]


class SelfEvalForm(forms.Form):
    points = points_field("自评分", required=False)
    note = forms.CharField(label="自评说明", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    evidence = EvidenceField()


class ReviewForm(forms.Form):
    agree = forms.TypedChoiceField(label="审核意见", coerce=lambda v: v == "1",
                                   choices=[("1", "同意"), ("0", "调整")], initial="1",
                                   widget=forms.RadioSelect, error_messages=messages("审核意见"))
    points = points_field("审核分", required=False)
    reason = forms.CharField(label="理由", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(forms.Form):
    reason = forms.CharField(label="申诉理由", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages=messages("申诉理由"))


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(label="答复结论", coerce=lambda v: v == "1",
                                    choices=[("1", "申诉成立，调整得分"), ("0", "申诉不成立")],
                                    widget=forms.RadioSelect, error_messages=messages("答复结论"))
    points = points_field("调整后得分", required=False)
    answer = forms.CharField(label="答复意见", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages=messages("答复意见"))


class SchemeFilterForm(forms.Form):
    """The filters of the scheme list (and its export)."""

    year = forms.IntegerField(label="考核年度", required=False, min_value=2000, max_value=2100,
                              error_messages=messages("考核年度"))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *SchemeStatus.choices],
                               error_messages=messages("状态"))


class PickForm(forms.Form):
    """The one row a list belongs to (a scheme's bureaus, a bureau's scores), among those
    the user sees."""

    def __init__(self, *args: object, name: str, label: str, queryset: object,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields[name] = forms.ModelChoiceField(
            label=label, queryset=queryset,  # type: ignore[arg-type]
            error_messages={"required": f"请选择{label}",
                            "invalid_choice": f"{label}不存在或不在您的权限范围内"})
