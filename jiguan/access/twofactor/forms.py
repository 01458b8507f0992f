from __future__ import annotations

from typing import Any

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码", max_length=40,
        help_text="身份验证器中的 6 位验证码；手机丢失时可输入一个恢复码（每个只能用一次）",
        error_messages={"required": "请输入验证码"},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code",
                                      "inputmode": "text", "autofocus": True}))


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="验证码", max_length=10, help_text="扫码后身份验证器显示的 6 位数字",
        error_messages={"required": "请输入验证码"},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code",
                                      "inputmode": "numeric"}))


class ReauthForm(forms.Form):
    """Re-authentication before changing the second factor: password and a current code."""

    password = forms.CharField(label="当前密码", error_messages={"required": "请输入当前密码"},
                               widget=forms.PasswordInput(
                                   attrs={"class": "form-control",
                                          "autocomplete": "current-password"}))
    code = forms.CharField(label="验证码或恢复码", max_length=40,
                           error_messages={"required": "请输入验证码或恢复码"},
                           help_text="身份验证器中的 6 位验证码，手机丢失时输入一个恢复码",
                           widget=forms.TextInput(attrs={"class": "form-control",
                                                         "autocomplete": "one-time-code"}))


class ResetForm(forms.Form):
    reason = forms.CharField(
        label="重置原因", max_length=200, error_messages={"required": "请填写重置原因"},
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                      "placeholder": "例如：手机丢失，已电话核实本人"}))

    def clean_reason(self) -> Any:
        value = str(self.cleaned_data["reason"]).strip()
        if not value:
            raise forms.ValidationError("请填写重置原因")
        return value
