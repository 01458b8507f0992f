from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jiguan.access.accounts import actions
from jiguan.access.models import ApiToken, Grant, Region
from jiguan.access.roles import Role
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast


@pytest.mark.parametrize(("first", "second"), [
    (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
    (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN),
    (Role.AUDIT_ADMIN, Role.SYSTEM_ADMIN),
])
def test_no_account_holds_two_of_the_three_administrators(cast: Cast, first: str,
                                                          second: str) -> None:
    user, _ = actions.user_create(username="triad", full_name="三员", actor=cast.sysadmin)
    province = Region.objects.get(code="330000")
    actions.grant_create(user=user, role=first, region=province, actor=cast.secadmin)
    with pytest.raises(ValidationError, match="三员分立"):
        actions.grant_create(user=user, role=second, region=province, actor=cast.secadmin)
    assert Grant.objects.filter(user=user).count() == 1


def test_an_administrator_may_not_hold_a_business_role(cast: Cast) -> None:
    province = Region.objects.get(code="330000")
    with pytest.raises(ValidationError, match="不得兼任业务角色"):
        actions.grant_create(user=cast.sysadmin, role=Role.AUDITOR, region=province,
                             actor=cast.secadmin)


def test_an_agency_reporter_is_granted_at_an_agency(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="所属单位"):
        actions.grant_create(user=cast.outsider, role=Role.AGENCY_REPORTER,
                             region=Region.objects.get(code="330100"), actor=cast.secadmin)


def test_granting_is_audited_in_the_same_transaction(cast: Cast) -> None:
    actions.grant_create(user=cast.outsider, role=Role.AUDITOR,
                         region=Region.objects.get(code="330200"), actor=cast.secadmin)
    event = AuditEvent.objects.get(event_type="access.grant.created")
    assert event.actor == cast.secadmin
    assert event.region_path == "/330000/330200/"


def test_only_the_system_and_security_administrators_reach_the_accounts(cast: Cast) -> None:
    assert cast.client("sysadmin").get(reverse("access:user_list")).status_code == 200
    assert cast.client("secadmin").get(reverse("access:user_list")).status_code == 200
    for who in ("province_admin", "auditadmin", "auditor"):
        assert cast.client(who).get(reverse("access:user_list")).status_code == 403


def test_a_token_is_stored_hashed_and_works_until_revoked(cast: Cast) -> None:
    token, raw = actions.token_create(user=cast.xihu, name="对接", actor=cast.xihu)
    assert raw not in token.token_hash and len(token.token_hash) == 64
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    response = client.get("/api/v1/orgs/agencies", headers=headers)
    assert response.status_code == 200
    names = {a["name"] for a in response.json()["items"]}
    assert "杭州市西湖区测试局" in names and "宁波市海曙区测试局" not in names
    actions.token_revoke(token=token, actor=cast.xihu)
    assert client.get("/api/v1/orgs/agencies", headers=headers).status_code == 401


def test_a_bad_token_is_refused(cast: Cast) -> None:
    response = Client().get("/api/v1/orgs/agencies", headers={"Authorization": "Bearer jg_nope"})
    assert response.status_code == 401
    assert response.json()["detail"] == "未登录或令牌无效"


def test_a_token_of_a_deactivated_user_stops_working(cast: Cast) -> None:
    _, raw = actions.token_create(user=cast.xihu, name="对接", actor=cast.xihu)
    actions.user_set_active(user=cast.xihu, active=False, actor=cast.sysadmin)
    response = Client().get("/api/v1/orgs/agencies", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_denied_request_is_audited(cast: Cast) -> None:
    assert cast.client("auditor").get(reverse("access:user_list")).status_code == 403
    event = AuditEvent.objects.get(event_type="access.denied")
    assert event.actor == cast.auditor
    assert event.extra["path"] == reverse("access:user_list")


def test_the_sysadmin_creates_a_user_and_the_secadmin_grants_a_role_through_the_pages(
        cast: Cast) -> None:
    client = cast.client("sysadmin")
    response = client.post(reverse("access:user_create"),
                           {"username": "hz_staff", "full_name": "杭州员工"})
    assert response.status_code == 302
    user_url = response.url
    pk = int(user_url.rstrip("/").split("/")[-1])
    region = Region.objects.get(code="330100")
    data = {"role": Role.BUREAU_STAFF, "region": region.pk}
    assert client.post(reverse("access:grant_create", args=[pk]), data).status_code == 403
    response = cast.client("secadmin").post(reverse("access:grant_create", args=[pk]), data)
    assert response.status_code == 302
    assert Grant.objects.filter(user_id=pk, role=Role.BUREAU_STAFF, region=region).exists()
