"""The code page at login, enrolment, the user's own second factor, the 安全管理员's reset."""

from __future__ import annotations

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiguan.access.models import User
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.access.twofactor import actions, flow
from jiguan.access.twofactor.forms import CodeForm, EnrolForm, ReauthForm, ResetForm
from jiguan.access.twofactor.policy import (
    is_enrolled,
    recovery_codes_left,
    required_for,
    totp_device,
)
from jiguan.audit.record import client_ip
from jiguan.core.htmx import paginate
from jiguan.core.types import AuthedRequest
from jiguan.core.web.forms import add_validation_error


@login_not_required
def verify(request: HttpRequest) -> HttpResponse:
    """Step two of the login: a TOTP code or a recovery code."""
    found = flow.pending(request)
    if found is None:
        messages.info(request, "登录已超时，请重新输入用户名和密码。")
        return redirect(settings.LOGIN_URL)
    user, data = found
    locked = flow.locked_response(request, user)
    if locked is not None:
        flow.abandon(request)
        return locked
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = actions.code_verify(user=user, code=form.cleaned_data["code"],
                                     ip=client_ip(request))
        if device is not None:
            response = flow.complete(request, user, device, data)
            if device.persistent_id.startswith("otp_static"):
                left = recovery_codes_left(user)
                messages.warning(request, f"您已使用恢复码登录，剩余 {left} 个。如手机丢失，"
                                          "请在“二次验证”页面移除旧设备并重新绑定。")
            return response
        if flow.count_failure(request, user, purpose="login"):
            flow.abandon(request)
        form.add_error("code", "验证码不正确或已使用，请输入身份验证器当前显示的 6 位数字")
    return render(request, "access/twofactor/verify.html", {"form": form, "pending_user": user},
                  status=422 if form.errors else 200)


def _qr_svg(device: TOTPDevice) -> str:
    qr = segno.make(device.config_url, error="m")
    return mark_safe(qr.svg_inline(scale=4, dark="#000", light="#fff",  # noqa: S308
                                   title="身份验证器二维码"))


def _secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def enrol(request: AuthedRequest) -> HttpResponse:
    """Bind an authenticator app: scan, confirm a code; recovery codes are shown once."""
    user = request.user
    if is_enrolled(user):
        return redirect("twofactor:status")
    ip = client_ip(request)
    device = actions.enrolment_start(user=user, actor=user, ip=ip)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.enrolment_confirm(device=device, code=form.cleaned_data["code"],
                                              actor=user, ip=ip)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            device.refresh_from_db()
            django_otp.login(request, device)
            return render(request, "access/twofactor/recovery_codes.html",
                          {"codes": codes, "enrolled": True})
    return render(request, "access/twofactor/enrol.html", {
        "form": form, "qr_svg": _qr_svg(device), "secret": _secret(device),
        "forced": required_for(user),
    }, status=422 if form.errors else 200)


def status(request: AuthedRequest) -> HttpResponse:
    user = request.user
    return render(request, "access/twofactor/status.html", {
        "device": totp_device(user), "codes_left": recovery_codes_left(user),
        "required": required_for(user), "form": ReauthForm(),
    })


def _reauthenticate(request: AuthedRequest, form: ReauthForm, purpose: str) -> bool:
    """Password and a current code (or a recovery code); a miss counts like a failed login."""
    user = request.user
    if not form.is_valid():
        return False
    if user.check_password(form.cleaned_data["password"]) and actions.code_verify(
            user=user, code=form.cleaned_data["code"], purpose=purpose,
            ip=client_ip(request)) is not None:
        return True
    form.add_error(None, "密码或验证码不正确")
    if flow.count_failure(request, user, purpose=purpose):
        logout(request)
    return False


def _refused(request: AuthedRequest, form: ReauthForm) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:  # locked out just now, and logged out
        return redirect(settings.LOGIN_URL)
    return render(request, "access/twofactor/status.html", {
        "device": totp_device(user), "codes_left": recovery_codes_left(user),
        "required": required_for(user), "form": form}, status=422)


@require_POST
def recovery_regenerate(request: AuthedRequest) -> HttpResponse:
    locked = flow.locked_response(request, request.user)
    if locked is not None:
        return locked
    form = ReauthForm(request.POST)
    if not _reauthenticate(request, form, "recovery_regenerate"):
        return _refused(request, form)
    try:
        codes = actions.recovery_codes_regenerate(user=request.user, actor=request.user,
                                                  ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("twofactor:status")
    return render(request, "access/twofactor/recovery_codes.html",
                  {"codes": codes, "enrolled": False})


@require_POST
def remove(request: AuthedRequest) -> HttpResponse:
    """Remove the authenticator (a lost or replaced phone); re-enrol right after."""
    locked = flow.locked_response(request, request.user)
    if locked is not None:
        return locked
    form = ReauthForm(request.POST)
    if not _reauthenticate(request, form, "remove"):
        return _refused(request, form)
    actions.devices_remove(user=request.user, actor=request.user, ip=client_ip(request))
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    messages.success(request, "已移除身份验证器和恢复码。请立即绑定新的身份验证器。")
    return redirect("twofactor:enrol")


# --- 安全管理员: reset another user's second factor ---------------------------------------------

def admin_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SECURITY)
    q = request.GET.get("q", "").strip()[:150]
    users = User.objects.annotate(enrolled=Exists(
        TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return render(request, "access/twofactor/admin_list.html",
                  {"q": q, "form": ResetForm(auto_id=False), **paginate(request, users)})


@require_POST
def admin_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_SECURITY)
    subject = get_object_or_404(User, pk=pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values()
                                          for e in errs))
        return redirect("twofactor:admin_list")
    try:
        actions.twofactor_reset(user=subject, reason=form.cleaned_data["reason"],
                                actor=request.user, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已重置 {subject} 的二次验证：其下次登录须重新绑定身份验证器。")
    return redirect("twofactor:admin_list")
