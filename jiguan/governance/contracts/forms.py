"""The forms of the major contracts: the contract, its review submission, signing, filing,
performance (milestones, payments, disputes), closure, attachments and the register's
filters. The actions hold the rules; the forms check shapes."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.governance.contracts.models import (
    ContractKind,
    ContractStatus,
    DisputeKind,
    FilingState,
)
from jiguan.governance.decisions.models import Decision
from jiguan.orgs.fields import AgencyChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContractForm(forms.Form):
    agency = AgencyChoiceField(label="签约单位")
    title = forms.CharField(label="合同名称", max_length=200)
    number = forms.CharField(label="合同编号", max_length=60, required=False)
    counterparty = forms.CharField(label="相对方名称", max_length=200)
    counterparty_code = forms.CharField(label="相对方统一社会信用代码", max_length=40)
    kind = forms.ChoiceField(label="合同类别", choices=ContractKind.choices)
    amount = forms.DecimalField(label="合同金额（元）", max_digits=16, decimal_places=2)
    starts_on = forms.DateField(label="履行期限自", widget=DATE)
    ends_on = forms.DateField(label="履行期限至", widget=DATE)
    decision = forms.ModelChoiceField(label="所依据的重大决策", required=False,
                                      queryset=Decision.objects.none(),
                                      help_text="本单位或上级机关已作出同意决定的决策")
    decision_ref = forms.CharField(label="所依据的决策（平台外）", max_length=200,
                                   required=False, help_text="平台外的决策名称或文号（如有）")

    def __init__(self, *args: Any, agencies: Any, decisions: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if decisions is not None:
            self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]


class ChangeForm(forms.Form):
    """A supplementary agreement (补充协议): its amount is the contract's new total."""

    title = forms.CharField(label="补充协议名称", max_length=200)
    number = forms.CharField(label="协议编号", max_length=60, required=False)
    counterparty = forms.CharField(label="相对方名称", max_length=200)
    counterparty_code = forms.CharField(label="相对方统一社会信用代码", max_length=40)
    amount = forms.DecimalField(label="变更后合同总金额（元）", max_digits=16, decimal_places=2)
    starts_on = forms.DateField(label="履行期限自", widget=DATE)
    ends_on = forms.DateField(label="履行期限至", widget=DATE)


class ReviewForm(forms.Form):
    materials = forms.CharField(
        label="送审材料清单", widget=forms.Textarea(attrs={"rows": 4}),
        initial="合同文本\n合同相对方资信材料\n起草说明",
        help_text="每行一项材料")
    file = forms.FileField(label="合同文本（.docx 或 .pdf）", required=False)
    note = forms.CharField(label="送审说明", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_file(self) -> Any:
        return check_extension(self.cleaned_data.get("file"))


class SignForm(forms.Form):
    signed_on = forms.DateField(label="签订日期", widget=DATE)


class FilingForm(forms.Form):
    region = forms.ModelChoiceField(label="备案机关（区划）", queryset=Region.objects.none())
    filed_on = forms.DateField(label="备案日期", widget=DATE)
    number = forms.CharField(label="备案号", max_length=40, required=False,
                             help_text="留空则自动编号")

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    title = forms.CharField(label="履行节点", max_length=200)
    due_on = forms.DateField(label="计划日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=300, required=False)


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label="完成日期", widget=DATE)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="支付日期", widget=DATE)
    amount = forms.DecimalField(label="支付金额（元）", max_digits=16, decimal_places=2)
    note = forms.CharField(label="说明", max_length=300, required=False)


class DisputeForm(forms.Form):
    raised_on = forms.DateField(label="发生日期", widget=DATE)
    kind = forms.ChoiceField(label="解决方式", choices=DisputeKind.choices)
    summary = forms.CharField(label="纠纷情况", widget=forms.Textarea(attrs={"rows": 3}))


class DisputeResolveForm(forms.Form):
    resolved_on = forms.DateField(label="解决日期", widget=DATE)
    outcome = forms.CharField(label="处理结果", max_length=300)


class CloseForm(forms.Form):
    closed_on = forms.DateField(label="终结日期", widget=DATE)
    note = forms.CharField(label="终结说明", max_length=300,
                           help_text="履行完毕、协议解除或终止等")


ALLOWED = (".docx", ".pdf")
LATE = "late"


def check_extension(upload: Any) -> Any:
    """Only Word (.docx) and PDF files are kept with a contract."""
    if upload is not None and not str(upload.name).lower().endswith(ALLOWED):
        raise forms.ValidationError(f"“{upload.name}”不是 Word（.docx）或 PDF 文件")
    return upload


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（.docx 或 .pdf）")
    caption = forms.CharField(label="说明", max_length=100, required=False,
                              help_text="如：合同正本扫描件")

    def clean_file(self) -> Any:
        return check_extension(self.cleaned_data.get("file"))


class ContractFilterForm(forms.Form):
    q = forms.CharField(label="名称/相对方", required=False, max_length=100)
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部"), *ContractKind.choices],
                             required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *ContractStatus.choices],
                               required=False)
    filing = forms.ChoiceField(label="备案", choices=[("", "全部"), *FilingState.choices,
                                                    (LATE, "逾期（未备案或逾期备案）")],
                               required=False)
    year = forms.IntegerField(label="签订年份", required=False, min_value=1949, max_value=2100)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
