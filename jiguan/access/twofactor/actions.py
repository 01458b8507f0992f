"""Every write of the two-factor state: one transaction with its audit row.

Recovery codes are stored as the first 16 hex digits of their SHA-256 (in django-otp's
StaticToken.token), never in clear: the database alone does not give them away.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiguan.access.models import User
from jiguan.access.twofactor.policy import recovery_device
from jiguan.audit.models import Outcome
from jiguan.audit.record import record

# No 0/o, 1/l/i: a code copied from paper is read back without doubt.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_CODE_LENGTH = 12  # about 59 bits


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    """What the user typed, without spaces and hyphens, lower case."""
    return "".join(ch for ch in code.strip().lower() if ch not in " -\t")


def _digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()[:16]


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes (kept in their one StaticDevice)."""
    device = recovery_device(user)
    if device is None:
        device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(settings.JIGUAN_2FA_RECOVERY_CODES)]
    device.token_set.bulk_create([device.token_set.model(device=device, token=_digest(c))
                                  for c in codes])
    return codes


@transaction.atomic
def enrolment_start(*, user: User, actor: Any, ip: str | None = None) -> TOTPDevice:
    """The user's unconfirmed TOTP device (a new secret when there is none yet)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
        record(actor=actor, event="access.2fa.enrolment_started", target=user, ip=ip)
    return device


@transaction.atomic
def enrolment_confirm(*, device: TOTPDevice, code: str, actor: Any,
                      ip: str | None = None) -> list[str]:
    """Confirm the device with a code from the app; it replaces any earlier device. Returns
    the new recovery codes, to be shown once."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed:
        raise ValidationError({"code": "该设备已绑定，请刷新页面"})
    if not device.verify_token(normalise_code(code)):
        raise ValidationError({"code": "验证码不正确，请核对手机时间后输入当前的 6 位验证码"})
    user = device.user
    replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk)
    had_device = replaced.exists()
    replaced.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record(actor=actor, event="access.2fa.enrolled", target=user, ip=ip,
           extra={"replaced": had_device, "recovery_codes": len(codes)})
    return codes


@transaction.atomic
def code_verify(*, user: User, code: str, purpose: str = "login",
                ip: str | None = None) -> Device | None:
    """The device that accepts the code (TOTP: six digits; otherwise a recovery code,
    which is then used up), audited; None when no device accepts it (the caller counts
    the failure towards the lockout and audits it, outside this transaction)."""
    token = normalise_code(code)
    device: Device | None = None
    if token.isdigit() and len(token) == 6:
        for totp in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if totp.verify_token(token):
                device = totp
                break
    elif token:
        static = (StaticDevice.objects.select_for_update()
                  .filter(user=user, confirmed=True).first())
        if static is not None and static.verify_token(_digest(token)):
            device = static
    if device is None:
        return None
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        record(actor=user, event="auth.2fa.recovery_used", target=user, ip=ip,
               extra={"purpose": purpose, "recovery_codes_left": left})
    else:
        record(actor=user, event="auth.2fa.verified", target=user, ip=ip,
               extra={"purpose": purpose})
    return device


def code_failed(*, user: User, purpose: str, ip: str | None = None) -> None:
    """Audit a refused code (a security event with no write around it)."""
    record(actor=user, event="auth.2fa.failed", outcome=Outcome.FAILURE, target=user, ip=ip,
           extra={"username": user.get_username(), "purpose": purpose},
           require_transaction=False)


@transaction.atomic
def recovery_codes_regenerate(*, user: User, actor: Any, ip: str | None = None) -> list[str]:
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("尚未绑定身份验证器，无法生成恢复码")
    codes = _new_recovery_codes(user)
    record(actor=actor, event="access.2fa.recovery_regenerated", target=user, ip=ip,
           extra={"recovery_codes": len(codes)})
    return codes


def _delete_devices(user: User) -> int:
    count = TOTPDevice.objects.filter(user=user).delete()[0]
    return count + StaticDevice.objects.filter(user=user).delete()[0]


@transaction.atomic
def devices_remove(*, user: User, actor: Any, ip: str | None = None) -> None:
    """The user removes their own authenticator (lost or replaced phone)."""
    _delete_devices(user)
    record(actor=actor, event="access.2fa.removed", target=user, ip=ip)


@transaction.atomic
def twofactor_reset(*, user: User, reason: str, actor: Any, ip: str | None = None) -> None:
    """The 安全管理员 removes another user's authenticator and recovery codes: the user
    enrols again at their next login, and their open sessions end (TwoFactorMiddleware)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写重置原因"})
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError({"reason": "不能重置自己的二次验证，请在“我的账号”中操作"})
    removed = _delete_devices(user)
    record(actor=actor, event="access.2fa.reset", target=user, ip=ip,
           extra={"reason": reason[:200], "devices_removed": removed})
