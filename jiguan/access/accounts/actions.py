"""Every write to accounts, grants, tokens and regions: one transaction with its audit row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.access.models import ApiToken, Grant, Region, RegionLevel, User
from jiguan.access.roles import ADMIN_TRIAD, AGENCY_ROLES, Perm, Role
from jiguan.access.scope import can
from jiguan.audit.record import record, snapshot


def _province(actor: Any) -> Region | None:
    return Region.objects.filter(level=RegionLevel.PROVINCE).first()


@transaction.atomic
def user_create(*, username: str, full_name: str, phone: str = "", actor: Any) -> tuple[User, str]:
    """Create an account whose one-time password is issued in two halves (see
    :func:`jiguan.access.accounts.duties.issue_password`). Returns (user, the first half, for the
    系统管理员 to hand over); a 安全管理员 releases the second half."""
    from jiguan.access.accounts.duties import issue_password

    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用"})
    user = User(username=username, full_name=full_name, phone=phone,
                must_change_password=True, password_changed_at=timezone.now())
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, event="access.user.created", target=user, region=_province(actor),
           changes={"username": [None, username], "full_name": [None, full_name]})
    return user, issue_password(user=user, actor=actor)


@transaction.atomic
def user_reset_password(*, user: User, actor: Any, confirmed_by: Any = None) -> str:
    """The old password stops working at once (and with it every session); the new one-time
    password is issued in two halves. Returns the first half. Resetting a 三员 account's
    password would shut it out, so it waits for a second administrator like a
    deactivation (``confirmed_by``)."""
    from jiguan.access.accounts.duties import issue_password

    if confirmed_by is None and holds_admin_role(user):
        raise ValidationError("三员账号的密码重置须由另一名管理员复核：请提交重置申请")
    user.set_unusable_password()
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record(actor=actor, event="access.user.password_reset", target=user,
           region=_province(actor),
           extra={"confirmed_by": str(confirmed_by)} if confirmed_by is not None else None)
    return issue_password(user=user, actor=actor)


@transaction.atomic
def user_set_active(*, user: User, active: bool, actor: Any, confirmed_by: Any = None) -> User:
    """Deactivating an account of the 三员 takes two administrators: the first asks
    (:func:`jiguan.access.accounts.duties.approval_request`), a second confirms, which calls this
    with ``confirmed_by``."""
    if user.pk == getattr(actor, "pk", None) and not active:
        raise ValidationError("不能停用自己的账号")
    if not active and confirmed_by is None and holds_admin_role(user):
        raise ValidationError("三员账号的停用须由另一名管理员复核：请提交停用申请")
    old = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(actor=actor, event="access.user.activated" if active else "access.user.deactivated",
           target=user, region=_province(actor), changes={"is_active": [old, active]},
           extra={"confirmed_by": str(confirmed_by)} if confirmed_by is not None else None)
    return user


def holds_admin_role(user: User) -> bool:
    return Grant.objects.active().filter(user=user, role__in=ADMIN_TRIAD).exists()


@transaction.atomic
def password_change(*, user: User, new_password: str, actor: Any, ip: str | None = None) -> None:
    validate_password(new_password, user)
    if user.check_password(new_password):
        raise ValidationError({"new_password1": "新密码不能与当前密码相同"})
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record(actor=actor, event="auth.password_changed", target=user, ip=ip)


@transaction.atomic
def grant_create(*, user: User, role: str, region: Region | None = None, agency: Any = None,
                 actor: Any) -> Grant:
    """Grant a role at a scope: the 安全管理员's duty, never the 系统管理员's (三员分立).
    The three administrators (三员) exclude each other."""
    _require_granting(actor)
    if role not in Role.values:
        raise ValidationError({"role": "未知角色"})
    if role in AGENCY_ROLES:
        if agency is None:
            raise ValidationError({"agency": "单位填报员须指定所属单位"})
        region = None
    else:
        if region is None:
            raise ValidationError({"region": "请选择授权区划"})
        agency = None
    held = set(Grant.objects.active().filter(user=user).values_list("role", flat=True))
    if role in ADMIN_TRIAD:
        clash = (held & ADMIN_TRIAD) - {role}
        if clash:
            names = "、".join(Role(r).label for r in sorted(clash))
            raise ValidationError({"role": f"三员分立：该账号已是{names}，不能再授予"
                                           f"{Role(role).label}"})
        if held - ADMIN_TRIAD:
            raise ValidationError({"role": "三员账号不得兼任业务角色"})
    elif held & ADMIN_TRIAD:
        raise ValidationError({"role": "三员账号不得兼任业务角色"})
    dup = Grant.objects.active().filter(user=user, role=role, region=region, agency=agency)
    if dup.exists():
        raise ValidationError({"role": "该授权已存在"})
    grant = Grant(user=user, role=role, region=region, agency=agency, created_by=actor)
    grant.full_clean()
    grant.save()
    record(actor=actor, event="access.grant.created", target=grant,
           region=region or (agency.region if agency is not None else None),
           changes={"user": [None, str(user)], "role": [None, Role(role).label],
                    "scope": [None, grant.scope_label]})
    return grant


@transaction.atomic
def grant_revoke(*, grant: Grant, actor: Any, confirmed_by: Any = None) -> Grant:
    """Revoke a grant (the 安全管理员). A 三员 role is revoked only on a second
    administrator's confirmation, like a deactivation."""
    _require_granting(actor)
    if grant.role in ADMIN_TRIAD and confirmed_by is None and grant.revoked_at is None:
        raise ValidationError("三员角色的撤销须由另一名管理员复核：请提交撤销申请")
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at", "updated_at"])
        record(actor=actor, event="access.grant.revoked", target=grant,
               region=grant.region or (grant.agency.region if grant.agency else None),
               changes={"revoked_at": [None, grant.revoked_at]},
               extra={"confirmed_by": str(confirmed_by)} if confirmed_by is not None else None)
    return grant


def _require_granting(actor: Any) -> None:
    if not can(actor, Perm.MANAGE_GRANTS):
        raise PermissionDenied("授予和撤销角色须由安全管理员办理")


@transaction.atomic
def token_create(*, user: User, name: str, actor: Any) -> tuple[ApiToken, str]:
    """A new API token; the raw value is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写令牌用途"})
    raw = ApiToken.new_raw_token()
    token = ApiToken(user=user, name=name, created_by=actor)
    token.set_token(raw)
    token.save()
    record(actor=actor, event="access.token.created", target=token,
           changes={"name": [None, name]})
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        record(actor=actor, event="access.token.revoked", target=token,
               changes={"revoked_at": [None, token.revoked_at]})
    return token


@transaction.atomic
def township_create(*, parent: Region, code: str, name: str, actor: Any) -> Region:
    """Add a township-level node (乡级: 乡、镇、街道) under a county-level region."""
    errors: dict[str, str] = {}
    if parent.level != RegionLevel.COUNTY:
        errors["parent"] = "乡级区划只能添加在县级区划之下"
    code = code.strip()
    if not (code.isdigit() and len(code) in (9, 12) and code.startswith(parent.code)):
        errors["code"] = f"乡级区划代码应为以“{parent.code}”开头的 9 位或 12 位数字"
    elif Region.objects.filter(code=code).exists():
        errors["code"] = "该区划代码已存在"
    if not name.strip():
        errors["name"] = "请填写名称"
    if errors:
        raise ValidationError(errors)
    region = Region(code=code, name=name.strip(), level=RegionLevel.TOWNSHIP, parent=parent,
                    created_by=actor)
    region.path = region.build_path()
    region.full_clean()
    region.save()
    record(actor=actor, event="orgs.region.created", target=region, region=region,
           changes=snapshot(region, ["code", "name", "level", "parent"]))
    return region
