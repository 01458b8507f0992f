"""Password policy for 等保三级 (MLPS level 3), as Django password validators.

Listed in ``AUTH_PASSWORD_VALIDATORS`` next to Django's own ``MinimumLengthValidator``
(length >= 8) and ``CommonPasswordValidator``; these add what Django lacks:

* :class:`ComplexityValidator` — at least three of four character classes
  (lower case, upper case, digits, symbols);
* :class:`NoUsernameValidator` — the password must not contain the username;
* :class:`CommonPasswordValidator` — Django's maintained list of 20,000 common passwords,
  checked also with the symbols taken out (``Admin@123`` is ``admin123``);
* :class:`DemoPasswordValidator` — never the demo accounts' published password;
* :class:`PasswordHistoryValidator` — none of the account's last
  ``JIGUAN_PASSWORD_HISTORY`` passwords (their hashes are kept in ``PasswordHistory``).

:func:`generate_password` makes initial and reset passwords that always pass the policy.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError

from jiguan.core.deploy.demo_password import DEMO_PASSWORD

COMPLEXITY_MESSAGE = "密码须包含大写字母、小写字母、数字、特殊符号中的至少三类"
USERNAME_MESSAGE = "密码不能包含用户名"
COMMON_MESSAGE = "该密码过于常见，请换一个"
DEMO_MESSAGE = "不能使用演示账号的公开密码"


def character_classes(password: str) -> set[str]:
    """Which of ``lower``, ``upper``, ``digit``, ``symbol`` occur in ``password``.

    Only ASCII letters and digits count as letters and digits; any other visible
    character (including Chinese and full-width characters) counts as a symbol.
    """
    found: set[str] = set()
    for char in password:
        if char in string.ascii_lowercase:
            found.add("lower")
        elif char in string.ascii_uppercase:
            found.add("upper")
        elif char in string.digits:
            found.add("digit")
        elif not char.isspace():
            found.add("symbol")
    return found


class ComplexityValidator:
    """Require at least ``min_classes`` of the four character classes."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(COMPLEXITY_MESSAGE, code="password_too_simple")

    def get_help_text(self) -> str:
        return COMPLEXITY_MESSAGE + "。"


class NoUsernameValidator:
    """Reject passwords that contain the username, ignoring case."""

    def __init__(self, min_username_length: int = 3) -> None:
        # A one- or two-letter username would forbid too many passwords to be useful.
        self.min_username_length = min_username_length

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        username = _username_of(user)
        if len(username) < self.min_username_length:
            return
        if username.casefold() in password.casefold():
            raise ValidationError(USERNAME_MESSAGE, code="password_contains_username")

    def get_help_text(self) -> str:
        return USERNAME_MESSAGE + "。"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's maintained common-password list (shipped with Django, not typed here),
    also matched with the symbols removed: the complexity rule makes people decorate a
    common password with ``@`` or ``!``, which does not make it less common."""

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower().strip()
        plain = "".join(c for c in lowered if c.isalnum())
        if lowered in self.passwords or plain in self.passwords:
            raise ValidationError(COMMON_MESSAGE, code="password_too_common")

    def get_help_text(self) -> str:
        return COMMON_MESSAGE + "。"


class DemoPasswordValidator:
    """The demo accounts' password is published in the README: no account may use it."""

    def validate(self, password: str, user: Any = None) -> None:
        if password.casefold() == DEMO_PASSWORD.casefold():
            raise ValidationError(DEMO_MESSAGE, code="password_is_demo")

    def get_help_text(self) -> str:
        return DEMO_MESSAGE + "。"


def history_message() -> str:
    return f"不能使用最近 {settings.JIGUAN_PASSWORD_HISTORY} 次用过的密码"


class PasswordHistoryValidator:
    """Refuse the account's last JIGUAN_PASSWORD_HISTORY passwords (the current one
    included). Every password set is remembered as a hash by :meth:`password_changed`."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        hashes = list(_history(user).values_list("password", flat=True)
                      [:settings.JIGUAN_PASSWORD_HISTORY])
        current = getattr(user, "password", "")
        if current and current not in hashes:  # e.g. set before the history was kept
            hashes.insert(0, current)
        if any(check_password(password, h) for h in hashes):
            raise ValidationError(history_message(), code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        from jiguan.access.models import PasswordHistory

        # The account's own new hash (set_password has just made it): no second hashing.
        PasswordHistory.objects.create(user=user, password=user.password
                                       or make_password(password))
        keep = list(_history(user).values_list("pk", flat=True)
                    [:settings.JIGUAN_PASSWORD_HISTORY])
        _history(user).exclude(pk__in=keep).delete()

    def get_help_text(self) -> str:
        return history_message() + "。"


def _history(user: Any) -> Any:
    from jiguan.access.models import PasswordHistory

    return PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def _username_of(user: Any) -> str:
    get_username = getattr(user, "get_username", None)
    value = get_username() if callable(get_username) else getattr(user, "username", "")
    return str(value or "")


# Without the look-alikes O 0 I l 1 (and o, i, which readers confuse with 0 and l too).
_AMBIGUOUS = set("O0Il1oi")
GENERATOR_LOWER = "".join(c for c in string.ascii_lowercase if c not in _AMBIGUOUS)
GENERATOR_UPPER = "".join(c for c in string.ascii_uppercase if c not in _AMBIGUOUS)
GENERATOR_DIGITS = "".join(c for c in string.digits if c not in _AMBIGUOUS)
# Symbols that survive being read aloud, typed on any keyboard and pasted into a form.
GENERATOR_SYMBOLS = "!@#$%^&*-_=+?"
_GENERATOR_CLASSES = (GENERATOR_LOWER, GENERATOR_UPPER, GENERATOR_DIGITS, GENERATOR_SYMBOLS)
_GENERATOR_ALPHABET = "".join(_GENERATOR_CLASSES)


def generate_password(length: int = 14) -> str:
    """Return a random password with all four character classes and no look-alikes.

    Raises ``ValueError`` when ``length`` is below 8 (the policy's minimum).
    """
    if length < 8:
        raise ValueError("password length must be at least 8")
    chars = [secrets.choice(alphabet) for alphabet in _GENERATOR_CLASSES]
    chars += [secrets.choice(_GENERATOR_ALPHABET) for _ in range(length - len(chars))]
    # Fisher-Yates with the system CSPRNG, so the class positions are not predictable.
    for i in range(len(chars) - 1, 0, -1):
        j = secrets.randbelow(i + 1)
        chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)
