"""Passwords refused: the last five, the demo password, common ones (Django's list)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jiguan.access.accounts import actions
from jiguan.access.models import PasswordHistory, User
from jiguan.conftest import PASSWORD, Cast
from jiguan.core.deploy.demo_password import DEMO_PASSWORD

SEQUENCE = ["Fresh#Start2026", "Second#Pass2026", "Third#Pass2026", "Fourth#Pass2026",
            "Fifth#Pass2026", "Sixth#Pass2026"]


def _change(user: User, new: str) -> None:
    actions.password_change(user=user, new_password=new, actor=user)


def test_it_refuses_each_of_the_last_five_passwords(cast: Cast) -> None:
    user = cast.xihu
    for new in SEQUENCE[:4]:
        _change(user, new)
    # Now: current Fourth, before it Third, Second, Fresh, and the cast's PASSWORD.
    for old in [PASSWORD, *SEQUENCE[:4]]:
        with pytest.raises(ValidationError, match="最近 5 次"):
            _change(user, old)
    _change(user, SEQUENCE[4])
    # PASSWORD is now the sixth back: allowed again.
    _change(user, PASSWORD)
    assert user.check_password(PASSWORD)


def test_only_hashes_of_old_passwords_are_kept(cast: Cast) -> None:
    _change(cast.xihu, SEQUENCE[0])
    stored = list(PasswordHistory.objects.filter(user=cast.xihu)
                  .values_list("password", flat=True))
    assert stored and all(SEQUENCE[0] not in h and PASSWORD not in h for h in stored)
    assert len(stored) <= 5


def test_the_history_length_is_a_setting(cast: Cast, settings: object) -> None:
    settings.JIGUAN_PASSWORD_HISTORY = 2  # type: ignore[attr-defined]
    for new in SEQUENCE[:2]:
        _change(cast.xihu, new)
    _change(cast.xihu, PASSWORD)  # three back: allowed with a history of two


def test_it_refuses_the_demo_password(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="演示"):
        _change(cast.xihu, DEMO_PASSWORD)
    with pytest.raises(ValidationError, match="演示"):
        validate_password(DEMO_PASSWORD.upper())


@pytest.mark.parametrize("password", ["P@ssw0rd", "Admin@123", "Password123!", "Qwer@1234",
                                      "1qaz@WSX"])
def test_it_refuses_a_common_password_even_decorated(password: str) -> None:
    with pytest.raises(ValidationError, match="过于常见"):
        validate_password(password)


def test_a_random_password_is_not_common() -> None:
    validate_password("Gq7#vRt2pLmz")


def test_the_password_page_names_the_reuse_rule_in_chinese(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.xihu)
    response = client.post(reverse("access:password_change"), {
        "old_password": PASSWORD, "new_password1": DEMO_PASSWORD,
        "new_password2": DEMO_PASSWORD})
    assert response.status_code == 422
    assert "不能使用演示账号的公开密码" in response.content.decode()
