"""The forms of a legality review: the submission (its materials), an opinion, the
conclusion, and the filters of the review list."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.core.files import FileKind
from jiguan.core.files.forms import UploadField
from jiguan.governance.library.models import Rule
from jiguan.governance.reviews.models import ReviewStatus, SubjectKind, Verdict

MATERIAL_ROWS = 4


class SubmitForm(forms.Form):
    """Up to four materials, each a title and/or a document (.pdf .docx …)."""

    note = forms.CharField(label="送审说明", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="决策依据、履行法定程序的情况等")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, MATERIAL_ROWS + 1):
            self.fields[f"title_{i}"] = forms.CharField(
                label=f"材料{i}名称", max_length=200, required=False,
                help_text="如：决策草案、起草说明、法律依据" if i == 1 else "")
            self.fields[f"file_{i}"] = UploadField(kinds=(FileKind.DOCUMENT,),
                                                   label=f"材料{i}文件", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.materials():
            raise forms.ValidationError("请列明送审材料（至少一项）")
        return data

    def materials(self) -> list[tuple[str, Any]]:
        data = getattr(self, "cleaned_data", {})
        out = []
        for i in range(1, MATERIAL_ROWS + 1):
            title, upload = (data.get(f"title_{i}") or "").strip(), data.get(f"file_{i}")
            if title or upload is not None:
                out.append((title, upload))
        return out


class OpinionForm(forms.Form):
    item = forms.CharField(label="审查事项", max_length=200)
    verdict = forms.ChoiceField(label="意见", choices=Verdict.choices)
    reasoning = forms.CharField(label="理由", required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    rules = forms.ModelMultipleChoiceField(label="依据（制度库）", required=False,
                                           queryset=Rule.objects.none())
    articles = forms.CharField(label="条款", max_length=200, required=False,
                               help_text="如：第五条、第十二条第二款")

    def __init__(self, *args: Any, rules: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rules"].queryset = rules  # type: ignore[attr-defined]


class ConcludeForm(forms.Form):
    summary = forms.CharField(label="综合审查意见", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReviewFilterForm(forms.Form):
    q = forms.CharField(label="审查对象", max_length=100, required=False)
    kind = forms.ChoiceField(label="类型", required=False,
                             choices=[("", "全部"), *SubjectKind.choices])
    status = forms.ChoiceField(label="结论", required=False,
                               choices=[("", "全部"), *ReviewStatus.choices])
    overdue = forms.BooleanField(label="仅逾期", required=False)
