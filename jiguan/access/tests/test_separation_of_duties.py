"""三员分立 (docs/adr/0008): no administrator alone grants business roles, knows another
user's password, removes a 三员 account, and the 系统管理员 sees no business data."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jiguan.access.accounts import actions, duties
from jiguan.access.models import Approval, ApprovalKind, Grant, PasswordIssue, Region, User
from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.conftest import PASSWORD, Cast


def _login(client: Client, username: str, password: str) -> int:
    return client.post(reverse("access:login"),
                       {"username": username, "password": password}).status_code


def test_it_refuses_a_business_grant_by_the_system_administrator(cast: Cast) -> None:
    user, _ = actions.user_create(username="puppet", full_name="傀儡", actor=cast.sysadmin)
    with pytest.raises(PermissionDenied, match="安全管理员"):
        actions.grant_create(user=user, role=Role.PROVINCE_ADMIN,
                             region=Region.objects.get(code="330000"), actor=cast.sysadmin)
    response = cast.client("sysadmin").post(
        reverse("access:grant_create", args=[user.pk]),
        {"role": Role.PROVINCE_ADMIN, "region": Region.objects.get(code="330000").pk})
    assert response.status_code == 403
    assert not Grant.objects.filter(user=user).exists()


def test_the_security_administrator_grants_and_revokes_business_roles(cast: Cast) -> None:
    grant = actions.grant_create(user=cast.outsider, role=Role.BUREAU_STAFF,
                                 region=Region.objects.get(code="330100"), actor=cast.secadmin)
    response = cast.client("sysadmin").post(
        reverse("access:grant_revoke", args=[cast.outsider.pk, grant.pk]))
    assert response.status_code == 403
    cast.client("secadmin").post(reverse("access:grant_revoke",
                                         args=[cast.outsider.pk, grant.pk]))
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_the_system_administrator_never_sees_a_password_that_logs_in(cast: Cast) -> None:
    client = cast.client("sysadmin")
    response = client.post(reverse("access:user_reset_password", args=[cast.xihu.pk]),
                           follow=True)
    page = html.unescape(response.content.decode())
    first = re.search(r"第一段（[^）]*）：(\S{8})。", page)
    assert first is not None
    # The old password stopped working; the first half alone does not log in either.
    assert _login(Client(), "xihu", PASSWORD) == 200
    assert _login(Client(), "xihu", first.group(1)) == 200
    # The 安全管理员 releases the second half; only both halves together log in.
    issue = PasswordIssue.objects.pending().get(user=cast.xihu)
    second = duties.password_release(issue=issue, actor=cast.secadmin)
    assert _login(Client(), "xihu", second) == 200
    user_client = Client()
    assert _login(user_client, "xihu", first.group(1) + second) == 302
    response = user_client.get(reverse("core:home"))
    assert response.url == reverse("access:password_change")
    assert PasswordIssue.objects.get(pk=issue.pk).second_half == ""
    assert AuditEvent.objects.filter(event_type="access.password.released",
                                     actor=cast.secadmin).exists()


def test_it_refuses_to_release_the_second_half_to_the_issuer_or_twice(cast: Cast) -> None:
    _, _first = actions.user_create(username="newcomer", full_name="新人", actor=cast.sysadmin)
    issue = PasswordIssue.objects.get(user__username="newcomer")
    with pytest.raises(PermissionDenied):
        duties.password_release(issue=issue, actor=cast.sysadmin)
    assert cast.client("sysadmin").post(
        reverse("access:password_release", args=[issue.pk])).status_code == 403
    duties.password_release(issue=issue, actor=cast.secadmin)
    with pytest.raises(ValidationError, match="已发放"):
        duties.password_release(issue=issue, actor=cast.secadmin)


def test_a_new_reset_voids_the_unreleased_half(cast: Cast) -> None:
    actions.user_reset_password(user=cast.xihu, actor=cast.sysadmin)
    old = PasswordIssue.objects.get(user=cast.xihu)
    actions.user_reset_password(user=cast.xihu, actor=cast.sysadmin)
    old.refresh_from_db()
    assert old.cancelled_at is not None and old.second_half == old.first_half == ""
    assert PasswordIssue.objects.pending().filter(user=cast.xihu).count() == 1


def test_no_administrator_deactivates_the_audit_administrator_alone(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="复核"):
        actions.user_set_active(user=cast.auditadmin, active=False, actor=cast.sysadmin)
    client = cast.client("sysadmin")
    client.post(reverse("access:user_set_active", args=[cast.auditadmin.pk]), {"active": "0"})
    cast.auditadmin.refresh_from_db()
    assert cast.auditadmin.is_active
    approval = Approval.objects.pending().get(user=cast.auditadmin)
    # The requester cannot confirm their own request.
    response = client.post(reverse("access:approval_decide", args=[approval.pk]),
                           {"approve": "1"})
    assert response.status_code == 403
    cast.auditadmin.refresh_from_db()
    assert cast.auditadmin.is_active
    # A second administrator confirms: now it takes effect.
    cast.client("secadmin").post(reverse("access:approval_decide", args=[approval.pk]),
                                 {"approve": "1"})
    cast.auditadmin.refresh_from_db()
    assert not cast.auditadmin.is_active
    event = AuditEvent.objects.get(event_type="access.user.deactivated")
    assert event.actor == cast.sysadmin and event.extra["confirmed_by"] == str(cast.secadmin)


def test_no_administrator_revokes_the_audit_administrator_role_alone(cast: Cast) -> None:
    grant = Grant.objects.get(user=cast.auditadmin, role=Role.AUDIT_ADMIN)
    with pytest.raises(ValidationError, match="复核"):
        actions.grant_revoke(grant=grant, actor=cast.secadmin)
    approval = duties.approval_request(kind=ApprovalKind.REVOKE_GRANT, user=cast.auditadmin,
                                       grant=grant, actor=cast.secadmin)
    with pytest.raises(PermissionDenied):
        duties.approval_decide(approval=approval, approve=True, actor=cast.secadmin)
    duties.approval_decide(approval=approval, approve=False, actor=cast.sysadmin)
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert AuditEvent.objects.filter(event_type="access.approval.decided").exists()


def test_a_business_account_is_deactivated_by_the_system_administrator_alone(cast: Cast
                                                                            ) -> None:
    cast.client("sysadmin").post(reverse("access:user_set_active", args=[cast.xihu.pk]),
                                 {"active": "0"})
    assert not User.objects.get(pk=cast.xihu.pk).is_active


# --- the 系统管理员 sees no business data ---------------------------------------------------

BUSINESS_MARKERS = ("浙江省测试厅", "杭州市测试局", "西湖区测试局", "海曙区测试局", "张三", "李四")


def _routes(resolver: Any = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    found: list[str] = []
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if pattern.startswith("api/"):
                continue  # the API is crawled through its OpenAPI document
            found += _routes(entry, pattern)
        elif isinstance(entry, URLPattern):
            found.append(pattern)
    return found


def _fill(pattern: str, value: str) -> str:
    path = re.sub(r"<(?:int|str|slug|path):\w+>|<\w+>", value, pattern)
    return "/" + path.lstrip("^").rstrip("$")


def _pages_reachable(cast: Cast) -> list[str]:
    ids = {str(cast.xihu_agency.pk), str(cast.xihu_person.pk), str(cast.ningbo_agency.pk),
           str(cast.ningbo_person.pk)}
    urls: list[str] = []
    for pattern in _routes():
        if "<" not in pattern:
            urls.append(_fill(pattern, ""))
        else:
            urls += [_fill(pattern, i) for i in sorted(ids)] + [_fill(pattern, "330106")]
    return urls


def test_the_system_administrator_sees_no_business_data_on_any_page(cast: Cast) -> None:
    client = cast.client("sysadmin")
    leaks = []
    for url in _pages_reachable(cast):
        if "logout" in url:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        if url.startswith("/accounts/users/"):
            # An account's grants name their scope (a reporter's agency): account records,
            # which the 系统管理员 manages; no agency or person record is shown.
            body = body.replace(str(cast.ningbo_agency), "")
        leaks += [(url, m) for m in BUSINESS_MARKERS if m in body]
    assert leaks == []


def test_the_system_administrator_sees_no_business_data_in_the_api(cast: Cast) -> None:
    client = cast.client("sysadmin")
    schema = client.get("/api/v1/openapi.json").json()
    leaks = []
    checked = 0
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        for value in (str(cast.xihu_agency.pk), str(cast.xihu_person.pk), "330106"):
            url = re.sub(r"\{\w+\}", value, path)
            response = client.get(url)
            assert response.status_code < 500, url
            checked += 1
            leaks += [(url, m) for m in BUSINESS_MARKERS if m in _text(response)]
    assert checked > 10
    assert leaks == []


def _text(response: Any) -> str:
    """The body as text; JSON decoded, since it escapes Chinese characters."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return str(response.content.decode(errors="replace"))


def test_the_crawls_would_see_business_data_of_a_business_user(cast: Cast) -> None:
    """The two crawls above can fail: the same page and API path show the markers to a
    bureau user."""
    client = cast.client("province_admin")
    for url in (reverse("orgs:agency_list"), "/api/v1/orgs/agencies"):
        assert any(m in _text(client.get(url)) for m in BUSINESS_MARKERS), url


def test_the_audit_administrator_confirms_the_removal_of_the_security_administrator(
        cast: Cast) -> None:
    cast.client("sysadmin").post(reverse("access:user_set_active", args=[cast.secadmin.pk]),
                                 {"active": "0"})
    approval = Approval.objects.pending().get(user=cast.secadmin)
    # Neither the subject nor a business user may confirm.
    for who in ("secadmin", "province_admin"):
        response = cast.client(who).post(reverse("access:approval_decide", args=[approval.pk]),
                                         {"approve": "1"})
        assert response.status_code == 403, who
    assert cast.client("auditadmin").get(reverse("access:pending")).status_code == 200
    cast.client("auditadmin").post(reverse("access:approval_decide", args=[approval.pk]),
                                   {"approve": "1"})
    assert not User.objects.get(pk=cast.secadmin.pk).is_active


def test_a_reset_ends_the_users_sessions_at_once(cast: Cast) -> None:
    client = Client()
    assert _login(client, "xihu", PASSWORD) == 302
    assert client.get(reverse("core:home")).status_code == 200
    actions.user_reset_password(user=cast.xihu, actor=cast.sysadmin)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("access:login"))


def test_resetting_a_triad_password_takes_two_and_the_confirmer_never_sees_the_first_half(
        cast: Cast) -> None:
    sysadmin = cast.client("sysadmin")
    with pytest.raises(ValidationError, match="复核"):
        actions.user_reset_password(user=cast.secadmin, actor=cast.sysadmin)
    sysadmin.post(reverse("access:user_reset_password", args=[cast.secadmin.pk]))
    # Nothing happened yet: the 安全管理员's password still works.
    assert _login(Client(), "secadmin", PASSWORD) == 302
    approval = Approval.objects.pending().get(user=cast.secadmin,
                                              kind=ApprovalKind.RESET_PASSWORD)
    auditadmin = cast.client("auditadmin")
    page = auditadmin.post(reverse("access:approval_decide", args=[approval.pk]),
                           {"approve": "1"}, follow=True).content.decode()
    assert re.search(r"第一段（[^）]*）：", page) is None  # the confirmer sees no first half
    assert _login(Client(), "secadmin", PASSWORD) == 200  # the reset took effect
    issue = PasswordIssue.objects.pending().get(user=cast.secadmin)
    # The confirmer releases the second half (the subject may not release their own).
    with pytest.raises(PermissionDenied):
        duties.password_release(issue=issue, actor=cast.secadmin)
    page = html.unescape(auditadmin.post(reverse("access:password_release", args=[issue.pk]),
                                         follow=True).content.decode())
    second = re.search(r"第二段（[^）]*）：(\S{8})", page)
    assert second is not None
    # The requester collects the first half, once.
    page = html.unescape(sysadmin.post(reverse("access:password_collect", args=[issue.pk]),
                                       follow=True).content.decode())
    first = re.search(r"第一段（[^）]*）：(\S{8})。", page)
    assert first is not None
    assert sysadmin.post(reverse("access:password_collect",
                                 args=[issue.pk])).status_code == 403
    assert _login(Client(), "secadmin", first.group(1) + second.group(1)) == 302
    assert AuditEvent.objects.filter(event_type="access.password.collected").exists()
