"""Password policy for 等保三级 (MLPS level 3), as Django password validators.

Listed in ``AUTH_PASSWORD_VALIDATORS`` next to Django's own ``MinimumLengthValidator``
(length >= 8) and ``CommonPasswordValidator``; these add what Django lacks:

* :class:`ComplexityValidator` — at least three of four character classes
  (lower case, upper case, digits, symbols);
* :class:`NoUsernameValidator` — the password must not contain the username.

:func:`generate_password` makes initial and reset passwords that always pass the policy.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.core.exceptions import ValidationError

COMPLEXITY_MESSAGE = "密码须包含大写字母、小写字母、数字、特殊符号中的至少三类"
USERNAME_MESSAGE = "密码不能包含用户名"


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
