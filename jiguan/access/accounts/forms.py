from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest

from jiguan.access.login.lockout import policy_text
from jiguan.access.models import Region, User
from jiguan.access.roles import AGENCY_ROLES, Role
from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {**self.error_messages,
                               "invalid_login": f"用户名或密码错误。{policy_text()}。"}
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="当前密码", widget=forms.PasswordInput(
        attrs={"class": "form-control", "autocomplete": "current-password"}))
    new_password1 = forms.CharField(label="新密码", widget=forms.PasswordInput(
        attrs={"class": "form-control", "autocomplete": "new-password"}),
        help_text="至少 8 位，包含大写字母、小写字母、数字、特殊符号中的至少三类，不得包含用户名，"
                  "不得是常见密码、演示密码或最近用过的密码")
    new_password2 = forms.CharField(label="确认新密码", widget=forms.PasswordInput(
        attrs={"class": "form-control", "autocomplete": "new-password"}))

    def __init__(self, user: User, *args: Any, request: HttpRequest | None = None,
                 **kwargs: Any) -> None:
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        """Checked through authenticate(), so a wrong password counts towards the lockout
        like a failed login (django-axes), and is audited."""
        value: str = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.get_username(),
                        password=value) is None:
            record(actor=self.user, event="auth.password_check_failed",
                   outcome=Outcome.FAILURE, ip=client_ip(self.request),
                   require_transaction=False)
            raise forms.ValidationError("当前密码不正确")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", "两次输入的新密码不一致")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=60,
                           widget=forms.TextInput(attrs={"class": "form-control",
                                                         "placeholder": "例如：能耗计量系统对接"}))


class UserCreateForm(forms.Form):
    username = forms.RegexField(label="用户名", max_length=150, regex=r"^[A-Za-z0-9_.@-]+$",
                                error_messages={"invalid": "用户名只能包含字母、数字和 _ . @ -"},
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    full_name = forms.CharField(label="姓名", max_length=50,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    phone = forms.CharField(label="联系电话", max_length=30, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control"}))


class GrantForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=Role.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    region = forms.ModelChoiceField(label="授权区划", queryset=Region.objects.none(),
                                    required=False,
                                    widget=forms.Select(attrs={"class": "form-select"}))
    agency_credit_code = forms.CharField(
        label="单位统一社会信用代码", required=False, max_length=18,
        help_text="单位填报员须填写所属单位的统一社会信用代码",
        widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args: Any, regions: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.agencies = agencies
        self.agency: Any = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role in AGENCY_ROLES:
            code = (data.get("agency_credit_code") or "").strip().upper()
            self.agency = self.agencies.filter(credit_code=code).first() if code else None
            if self.agency is None:
                self.add_error("agency_credit_code", "未找到该统一社会信用代码对应的单位")
        elif role and not data.get("region"):
            self.add_error("region", "请选择授权区划")
        return data


class TownshipForm(forms.Form):
    code = forms.CharField(label="区划代码", max_length=12,
                           widget=forms.TextInput(attrs={"class": "form-control"}),
                           help_text="9 位或 12 位统计用区划代码，以所属县级区划代码开头")
    name = forms.CharField(label="名称", max_length=50,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
