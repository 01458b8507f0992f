"""Login, password, tokens; accounts and grants (系统管理员); lockouts (安全管理员)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.accounts import actions, duties
from jiguan.access.accounts.forms import (
    GrantForm,
    LoginForm,
    PasswordChangeForm,
    TokenForm,
    UserCreateForm,
)
from jiguan.access.login.lockout import is_locked, lockout_response, policy_text
from jiguan.access.models import (
    ApiToken,
    Approval,
    ApprovalKind,
    Grant,
    PasswordIssue,
    Region,
    User,
)
from jiguan.access.roles import ADMIN_TRIAD, Perm
from jiguan.access.scope import can, require
from jiguan.access.twofactor import flow as twofactor
from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record
from jiguan.core.htmx import paginate
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action


class Login(LoginView):
    template_name = "access/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        # Two factors: a user with an authenticator gives a code before being logged in.
        return (twofactor.begin(self.request, form.get_user(), self.get_success_url())
                or super().form_valid(form))


def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None, request=request)
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST" and not valid and is_locked(request, request.user.username):
        logout(request)  # the wrong current password locked the account: the session ends
        return lockout_response(request)
    if valid:
        try:
            actions.password_change(user=request.user,
                                    new_password=form.cleaned_data["new_password1"],
                                    actor=request.user, ip=client_ip(request))
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error("new_password1", msg)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("core:home")
    forced = request.user.must_change_password or request.user.password_expired()
    return render(request, "access/password_change.html",
                  {"form": form, "forced": forced}, status=422 if form.errors else 200)


def account(request: AuthedRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "access/account.html", {"tokens": tokens, "form": TokenForm()})


@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        tokens = ApiToken.objects.filter(user=request.user)
        return render(request, "access/account.html", {"tokens": tokens, "form": form},
                      status=422)
    token, raw = actions.token_create(user=request.user, name=form.cleaned_data["name"],
                                      actor=request.user)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "access/account.html",
                  {"tokens": tokens, "form": TokenForm(), "new_token": raw, "new": token})


@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    actions.token_revoke(token=token, actor=request.user)
    messages.success(request, f"令牌“{token.name}”已撤销。")
    return redirect("access:account")


# --- accounts (系统管理员) and grants (安全管理员): 三员分立, docs/adr/0008 -----------------------

def _require_account_duty(request: AuthedRequest) -> None:
    """The account pages serve both halves of the duty: accounts and grants."""
    if not (can(request.user, Perm.MANAGE_USERS) or can(request.user, Perm.MANAGE_GRANTS)):
        require(request.user, Perm.MANAGE_USERS)  # raises, and is audited as a denial


def _first_half_message(username: str, first: str) -> str:
    return (f"账号 {username} 的一次性密码第一段（仅显示一次，请当面或密封交给本人）：{first}。"
            f"第二段由安全管理员发放；登录时将两段连在一起输入，登录后须立即修改密码。")


def user_list(request: AuthedRequest) -> HttpResponse:
    _require_account_duty(request)
    q = request.GET.get("q", "").strip()
    users = User.objects.all()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return render(request, "access/user_list.html",
                  {"q": q, "form": UserCreateForm(), **_duties(request),
                   **paginate(request, users)})


def _duties(request: AuthedRequest) -> dict[str, bool]:
    return {"can_manage_users": can(request.user, Perm.MANAGE_USERS),
            "can_manage_grants": can(request.user, Perm.MANAGE_GRANTS)}


@require_POST
def user_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    form = UserCreateForm(request.POST)
    return form_action(
        request, form, act=lambda d: actions.user_create(actor=request.user, **d),
        done=lambda made: reverse("access:user_detail", args=[made[0].pk]),
        message=lambda made: _first_half_message(made[0].username, made[1]),
        template="access/user_list.html",
        context=lambda: {"q": "", **_duties(request),
                         **paginate(request, User.objects.all())})


def _grant_form(request: AuthedRequest, data: object = None) -> GrantForm:
    from django.apps import apps

    agency_model = apps.get_model("orgs", "Agency")
    return GrantForm(data, regions=Region.objects.visible_to(request.user, Perm.MANAGE_GRANTS),
                     agencies=agency_model.objects.visible_to(request.user,
                                                              Perm.MANAGE_GRANTS))


def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_account_duty(request)
    subject = get_object_or_404(User, pk=pk)
    return _render_user(request, subject, _grant_form(request))


def _render_user(request: AuthedRequest, subject: User, form: GrantForm,
                 status: int = 200) -> HttpResponse:
    grants = Grant.objects.filter(user=subject).select_related("region", "agency")
    pending = Approval.objects.pending().filter(user=subject)
    return render(request, "access/user_detail.html",
                  {"subject": subject, "grants": grants, "form": form, "pending": pending,
                   **_duties(request)}, status=status)


@require_POST
def grant_create(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_GRANTS)
    subject = get_object_or_404(User, pk=pk)
    form = _grant_form(request, request.POST)
    return form_action(
        request, form,
        act=lambda d: actions.grant_create(user=subject, role=d["role"], region=d.get("region"),
                                           agency=form.agency, actor=request.user),
        done=reverse("access:user_detail", args=[subject.pk]), message="已授予角色。",
        page=lambda form: _render_user(request, subject, form))


@require_POST
def grant_revoke(request: AuthedRequest, pk: int, grant_pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_GRANTS)
    grant = get_object_or_404(Grant, pk=grant_pk, user_id=pk)
    try:
        if grant.role in ADMIN_TRIAD and grant.revoked_at is None:
            duties.approval_request(kind=ApprovalKind.REVOKE_GRANT, user=grant.user,
                                    grant=grant, actor=request.user)
            messages.success(request, "已提交撤销申请，须由另一名管理员复核后生效。")
        else:
            actions.grant_revoke(grant=grant, actor=request.user)
            messages.success(request, "已撤销授权。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("access:user_detail", pk=pk)


@require_POST
def user_reset_password(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    subject = get_object_or_404(User, pk=pk)
    try:
        if actions.holds_admin_role(subject):
            duties.approval_request(kind=ApprovalKind.RESET_PASSWORD, user=subject,
                                    actor=request.user)
            messages.success(request, "已提交重置申请，须由另一名管理员复核后生效；"
                                      "生效后请在“待复核”页面领取第一段。")
        else:
            first = actions.user_reset_password(user=subject, actor=request.user)
            messages.success(request, "已重置密码，原密码即时失效。" + _first_half_message(
                subject.username, first))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("access:user_detail", pk=pk)


@require_POST
def user_set_active(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    subject = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        if not active and actions.holds_admin_role(subject):
            duties.approval_request(kind=ApprovalKind.DEACTIVATE_USER, user=subject,
                                    actor=request.user)
            messages.success(request, "已提交停用申请，须由另一名管理员复核后生效。")
        else:
            actions.user_set_active(user=subject, active=active, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("access:user_detail", pk=pk)


# --- 双人复核 and one-time password release ------------------------------------------------------

def pending(request: AuthedRequest) -> HttpResponse:
    if not request.user.scope.is_triad_admin:
        require(request.user, Perm.MANAGE_USERS)  # raises, and is audited as a denial
    approvals = Approval.objects.pending().select_related("user", "grant", "created_by")
    issues = [i for i in PasswordIssue.objects.pending().select_related("user", "created_by")
              if duties.may_release(i, request.user)
              and request.user.pk not in (i.created_by_id, i.user_id)]
    rows = [(a, duties.may_decide(a, request.user)) for a in approvals]
    to_collect = PasswordIssue.objects.pending().filter(
        created_by=request.user).exclude(first_half="").select_related("user")
    return render(request, "access/pending.html",
                  {"approvals": rows, "issues": issues, "to_collect": to_collect,
                   "show_issues": bool(issues) or can(request.user, Perm.MANAGE_SECURITY)})


@require_POST
def approval_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    if not request.user.scope.is_triad_admin:
        require(request.user, Perm.MANAGE_USERS)  # raises, and is audited as a denial
    approval = get_object_or_404(Approval, pk=pk)
    try:
        duties.approval_decide(approval=approval, approve=request.POST.get("approve") == "1",
                               actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已复核。")
    return redirect("access:pending")


@require_POST
def password_collect(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    issue = get_object_or_404(PasswordIssue.objects.select_related("user"), pk=pk,
                              created_by=request.user)
    first = duties.password_collect_first_half(issue=issue, actor=request.user)
    messages.success(request, _first_half_message(issue.user.username, first))
    return redirect("access:pending")


@require_POST
def password_release(request: AuthedRequest, pk: int) -> HttpResponse:
    if not request.user.scope.is_triad_admin:
        require(request.user, Perm.MANAGE_SECURITY)  # raises, and is audited as a denial
    issue = get_object_or_404(PasswordIssue.objects.select_related("user"), pk=pk)
    try:
        second = duties.password_release(issue=issue, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("access:pending")
    messages.success(request, f"账号 {issue.user.username} 的一次性密码第二段（仅显示一次，"
                              f"请当面或密封交给本人）：{second}")
    return redirect("access:pending")


# --- 安全管理员: lockouts -----------------------------------------------------------------------

def lockouts(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SECURITY)
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
    return render(request, "access/lockouts.html",
                  {"attempts": attempts, "policy": policy_text()})


@require_POST
def unlock(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SECURITY)
    from axes.utils import reset

    username = request.POST.get("username", "")[:150]
    count = reset(username=username)
    record(actor=request.user, event="access.user.unlocked", outcome=Outcome.SUCCESS,
           extra={"username": username, "attempts_cleared": count}, ip=client_ip(request),
           require_transaction=False)
    messages.success(request, f"已解除 {username} 的锁定。")
    return redirect("access:lockouts")
