"""Login, password, tokens; accounts and grants (系统管理员); lockouts (安全管理员)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jiguan.access import actions
from jiguan.access.forms import GrantForm, LoginForm, PasswordChangeForm, TokenForm, UserCreateForm
from jiguan.access.models import ApiToken, Grant, Region, User
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.access.twofactor import flow as twofactor
from jiguan.audit.models import Outcome
from jiguan.audit.record import client_ip, record
from jiguan.core.forms import add_validation_error
from jiguan.core.htmx import paginate
from jiguan.core.types import AuthedRequest


class Login(LoginView):
    template_name = "access/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        # Two factors: a user with an authenticator gives a code before being logged in.
        return (twofactor.begin(self.request, form.get_user(), self.get_success_url())
                or super().form_valid(form))


def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
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


# --- 系统管理员: accounts and grants -----------------------------------------------------------

def user_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    q = request.GET.get("q", "").strip()
    users = User.objects.all()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return render(request, "access/user_list.html",
                  {"q": q, "form": UserCreateForm(), **paginate(request, users)})


@require_POST
def user_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    form = UserCreateForm(request.POST)
    if form.is_valid():
        try:
            user, raw = actions.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"账号 {user.username} 已创建。初始密码（仅显示一次，"
                                      f"首次登录须修改）：{raw}")
            return redirect("access:user_detail", pk=user.pk)
    users = User.objects.all()
    return render(request, "access/user_list.html",
                  {"q": "", "form": form, **paginate(request, users)}, status=422)


def _grant_form(request: AuthedRequest, data: object = None) -> GrantForm:
    from django.apps import apps

    agency_model = apps.get_model("orgs", "Agency")
    return GrantForm(data, regions=Region.objects.visible_to(request.user),
                     agencies=agency_model.objects.visible_to(request.user))


def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    subject = get_object_or_404(User, pk=pk)
    return _render_user(request, subject, _grant_form(request))


def _render_user(request: AuthedRequest, subject: User, form: GrantForm,
                 status: int = 200) -> HttpResponse:
    grants = Grant.objects.filter(user=subject).select_related("region", "agency")
    return render(request, "access/user_detail.html",
                  {"subject": subject, "grants": grants, "form": form}, status=status)


@require_POST
def grant_create(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    subject = get_object_or_404(User, pk=pk)
    form = _grant_form(request, request.POST)
    if form.is_valid():
        try:
            actions.grant_create(user=subject, role=form.cleaned_data["role"],
                                 region=form.cleaned_data.get("region"), agency=form.agency,
                                 actor=request.user)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "已授予角色。")
            return redirect("access:user_detail", pk=subject.pk)
    return _render_user(request, subject, form, status=422)


@require_POST
def grant_revoke(request: AuthedRequest, pk: int, grant_pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    grant = get_object_or_404(Grant, pk=grant_pk, user_id=pk)
    actions.grant_revoke(grant=grant, actor=request.user)
    messages.success(request, "已撤销授权。")
    return redirect("access:user_detail", pk=pk)


@require_POST
def user_reset_password(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    subject = get_object_or_404(User, pk=pk)
    raw = actions.user_reset_password(user=subject, actor=request.user)
    messages.success(request, f"已重置密码。新初始密码（仅显示一次，首次登录须修改）：{raw}")
    return redirect("access:user_detail", pk=pk)


@require_POST
def user_set_active(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_USERS)
    subject = get_object_or_404(User, pk=pk)
    try:
        actions.user_set_active(user=subject, active=request.POST.get("active") == "1",
                                actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("access:user_detail", pk=pk)


# --- 安全管理员: lockouts -----------------------------------------------------------------------

def lockouts(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SECURITY)
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
    return render(request, "access/lockouts.html", {"attempts": attempts})


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
