"""Tests of the 等保 password validators (no Django settings needed)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jiguan.access.login.passwords import (
    COMPLEXITY_MESSAGE,
    GENERATOR_DIGITS,
    GENERATOR_LOWER,
    GENERATOR_SYMBOLS,
    GENERATOR_UPPER,
    USERNAME_MESSAGE,
    ComplexityValidator,
    NoUsernameValidator,
    character_classes,
    generate_password,
)


@dataclass
class FakeUser:
    username: str

    def get_username(self) -> str:
        return self.username


@dataclass
class BareUser:
    username: str


# --- ComplexityValidator -----------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["abcDEF123", "abcdef12#", "ABCDEF12#", "abcDEF#$%", "Ab1!Ab1!", "政务Abc12"],
)
def test_it_accepts_three_or_four_character_classes(password: str) -> None:
    ComplexityValidator().validate(password)


@pytest.mark.parametrize(
    "password", ["abcdefgh", "ABCDEFGH", "12345678", "!@#$%^&*", "abcd1234", "ABCD####", "Abcdefgh"]
)
def test_it_rejects_fewer_than_three_character_classes(password: str) -> None:
    with pytest.raises(ValidationError) as info:
        ComplexityValidator().validate(password)
    assert info.value.messages == [COMPLEXITY_MESSAGE]
    assert info.value.error_list[0].code == "password_too_simple"


def test_the_complexity_message_is_the_policy_wording() -> None:
    assert COMPLEXITY_MESSAGE == "密码须包含大写字母、小写字母、数字、特殊符号中的至少三类"


def test_spaces_do_not_count_as_symbols() -> None:
    assert character_classes("abc DEF") == {"lower", "upper"}


def test_full_width_digits_count_as_symbols_not_digits() -> None:
    assert character_classes("１") == {"symbol"}


def test_the_number_of_classes_can_be_raised() -> None:
    with pytest.raises(ValidationError):
        ComplexityValidator(min_classes=4).validate("abcDEF123")
    ComplexityValidator(min_classes=4).validate("abcDEF12#")


def test_complexity_help_text_is_chinese() -> None:
    assert ComplexityValidator().get_help_text() == COMPLEXITY_MESSAGE + "。"


# --- NoUsernameValidator -----------------------------------------------------------------


def test_it_rejects_a_password_containing_the_username() -> None:
    with pytest.raises(ValidationError) as info:
        NoUsernameValidator().validate("xx-zhangsan-2024!", FakeUser("zhangsan"))
    assert info.value.messages == ["密码不能包含用户名"]
    assert info.value.messages == [USERNAME_MESSAGE]


def test_it_rejects_the_username_in_another_case() -> None:
    with pytest.raises(ValidationError):
        NoUsernameValidator().validate("ZhangSan@2024", FakeUser("zhangsan"))
    with pytest.raises(ValidationError):
        NoUsernameValidator().validate("zhangsan@2024", FakeUser("ZHANGSAN"))


def test_it_reads_the_username_attribute_without_get_username() -> None:
    with pytest.raises(ValidationError):
        NoUsernameValidator().validate("Lisi#2024x", BareUser("lisi"))


def test_it_accepts_a_password_without_the_username() -> None:
    NoUsernameValidator().validate("Tq7#mKp9", FakeUser("zhangsan"))


def test_it_accepts_any_password_without_a_user() -> None:
    NoUsernameValidator().validate("zhangsan")


def test_it_ignores_usernames_too_short_to_matter() -> None:
    NoUsernameValidator().validate("Wu#2024abc", FakeUser("wu"))
    with pytest.raises(ValidationError):
        NoUsernameValidator(min_username_length=1).validate("Wu#2024abc", FakeUser("wu"))


def test_username_help_text_is_chinese() -> None:
    assert NoUsernameValidator().get_help_text() == "密码不能包含用户名。"


# --- generate_password -------------------------------------------------------------------


@given(st.integers(min_value=8, max_value=64))
def test_generated_passwords_always_pass_the_policy(length: int) -> None:
    password = generate_password(length)
    assert len(password) == length
    assert character_classes(password) == {"lower", "upper", "digit", "symbol"}
    ComplexityValidator(min_classes=4).validate(password)


@given(st.integers(min_value=8, max_value=64))
def test_generated_passwords_avoid_look_alike_characters(length: int) -> None:
    assert not set(generate_password(length)) & set("O0Il1oi")


def test_the_default_length_is_fourteen() -> None:
    assert len(generate_password()) == 14


def test_the_generator_alphabets_leave_out_look_alikes() -> None:
    for alphabet in (GENERATOR_LOWER, GENERATOR_UPPER, GENERATOR_DIGITS, GENERATOR_SYMBOLS):
        assert alphabet
        assert not set(alphabet) & set("O0Il1")


def test_generated_passwords_differ() -> None:
    assert len({generate_password() for _ in range(50)}) == 50


def test_it_refuses_to_generate_a_password_shorter_than_the_policy() -> None:
    with pytest.raises(ValueError, match="at least 8"):
        generate_password(7)
