"""The actions of the separated duties (三员分立, docs/adr/0008): one-time passwords issued
in two halves, and operations on a 三员 account that a second administrator confirms.

Each is one transaction with its audit row, like every action.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.access.accounts import actions
from jiguan.access.login.passwords import generate_password
from jiguan.access.models import Approval, ApprovalKind, Grant, PasswordIssue, User
from jiguan.access.roles import ADMIN_TRIAD, Perm
from jiguan.access.scope import can
from jiguan.audit.record import record

HALF_LENGTH = 8


def issue_password(*, user: User, actor: Any) -> str:
    """Give the account a fresh one-time password and return its first half; the second
    half waits in a :class:`PasswordIssue` for a 安全管理员 to release. Runs inside the
    caller's transaction (user_create, user_reset_password)."""
    raw = generate_password(2 * HALF_LENGTH)
    first, second = raw[:HALF_LENGTH], raw[HALF_LENGTH:]
    PasswordIssue.objects.filter(user=user).pending().update(
        cancelled_at=timezone.now(), first_half="", second_half="")
    user.set_password(raw)
    user.save(update_fields=["password"])
    issue = PasswordIssue.objects.create(user=user, second_half=second, created_by=actor)
    record(actor=actor, event="access.password.issued", target=issue,
           extra={"username": user.username})
    return first


@transaction.atomic
def password_release(*, issue: PasswordIssue, actor: Any) -> str:
    """The 安全管理员 releases the second half: shown once to them, then erased. The
    administrator who issued the first half may not release the second. After a
    confirmed 三员 reset, the confirming administrator releases it."""
    issue = PasswordIssue.objects.select_for_update().get(pk=issue.pk)
    if not may_release(issue, actor):
        raise PermissionDenied("一次性密码的第二段须由安全管理员（或三员重置的复核人）发放")
    if issue.released_at is not None or issue.cancelled_at is not None:
        raise ValidationError("该一次性密码已发放或已作废")
    if issue.created_by_id == actor.pk or issue.user_id == actor.pk:
        raise ValidationError("同一人不能同时交付一次性密码的两段")
    second = issue.second_half
    issue.second_half = ""
    issue.released_at = timezone.now()
    issue.released_by = actor
    issue.save(update_fields=["second_half", "released_at", "released_by", "updated_at"])
    record(actor=actor, event="access.password.released", target=issue,
           extra={"username": issue.user.username})
    return second


def may_release(issue: PasswordIssue, actor: Any) -> bool:
    if issue.releaser_id is not None:
        return bool(issue.releaser_id == actor.pk)
    return can(actor, Perm.MANAGE_SECURITY)


@transaction.atomic
def password_collect_first_half(*, issue: PasswordIssue, actor: Any) -> str:
    """The requester of a confirmed 三员 reset collects the first half: once, then erased."""
    issue = PasswordIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.created_by_id != actor.pk or not issue.first_half:
        raise PermissionDenied("只有申请重置的系统管理员可领取第一段，且只能领取一次")
    first = issue.first_half
    issue.first_half = ""
    issue.save(update_fields=["first_half", "updated_at"])
    record(actor=actor, event="access.password.collected", target=issue,
           extra={"username": issue.user.username})
    return first


@transaction.atomic
def approval_request(*, kind: str, user: User, actor: Any,
                     grant: Grant | None = None) -> Approval:
    """Ask for an operation on a 三员 account: deactivating it (the 系统管理员) or revoking
    its 三员 role (the 安全管理员). A second administrator decides."""
    if kind in (ApprovalKind.DEACTIVATE_USER, ApprovalKind.RESET_PASSWORD):
        if not can(actor, Perm.MANAGE_USERS):
            raise PermissionDenied("停用账号、重置密码须由系统管理员申请")
        if user.pk == actor.pk:
            raise ValidationError("不能为自己的账号提交此申请")
    elif kind == ApprovalKind.REVOKE_GRANT:
        if not can(actor, Perm.MANAGE_GRANTS):
            raise PermissionDenied("撤销角色须由安全管理员申请")
        if grant is None or grant.user_id != user.pk or grant.role not in ADMIN_TRIAD:
            raise ValidationError("只有三员角色的撤销需要复核")
    else:
        raise ValidationError("未知的复核事项")
    if Approval.objects.pending().filter(kind=kind, user=user, grant=grant).exists():
        raise ValidationError("该事项已在等待复核")
    approval = Approval.objects.create(kind=kind, user=user, grant=grant, created_by=actor)
    record(actor=actor, event="access.approval.requested", target=approval,
           extra={"kind": kind, "username": user.username})
    return approval


def may_decide(approval: Approval, actor: Any) -> bool:
    """A second administrator: one of the 三员 (系统、安全 or 审计管理员), neither the
    requester nor the subject. The 审计管理员 may confirm too, so that with one of each
    any one of them can still be removed by the other two."""
    if actor.pk in (approval.created_by_id, approval.user_id):
        return False
    return bool(actor.scope.is_triad_admin)


@transaction.atomic
def approval_decide(*, approval: Approval, approve: bool, actor: Any) -> Approval:
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if approval.decided_at is not None:
        raise ValidationError("该事项已处理")
    if not may_decide(approval, actor):
        raise PermissionDenied("须由申请人以外的另一名管理员复核")
    approval.decided_at = timezone.now()
    approval.decided_by = actor
    approval.approved = approve
    approval.save(update_fields=["decided_at", "decided_by", "approved", "updated_at"])
    record(actor=actor, event="access.approval.decided", target=approval,
           extra={"kind": approval.kind, "approved": approve,
                                     "username": approval.user.username})
    if approve:
        requester = approval.created_by
        if approval.kind == ApprovalKind.DEACTIVATE_USER:
            actions.user_set_active(user=approval.user, active=False, actor=requester,
                                    confirmed_by=actor)
        elif approval.kind == ApprovalKind.RESET_PASSWORD:
            first = actions.user_reset_password(user=approval.user, actor=requester,
                                                confirmed_by=actor)
            # The confirming administrator never sees it: the requester collects it.
            PasswordIssue.objects.pending().filter(user=approval.user).update(
                first_half=first, releaser=actor)
        elif approval.grant is not None:
            actions.grant_revoke(grant=approval.grant, actor=requester, confirmed_by=actor)
    return approval
