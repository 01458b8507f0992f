"""form_action: the page shape of every form that posts to an action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from jiguan.core.web.formviews import form_action


class NameForm(forms.Form):
    name = forms.CharField(label="名称", max_length=10)


def _request(method: str, data: dict[str, str] | None = None) -> Any:
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "POST" else factory.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _page(form: NameForm) -> HttpResponse:
    return HttpResponse("|".join(f"{k}:{v[0]}" for k, v in form.errors.items()))


def test_a_valid_post_runs_the_action_and_redirects_with_the_message() -> None:
    calls: list[dict[str, Any]] = []
    request = _request("POST", {"name": "甲"})
    response = form_action(request, NameForm(request.POST), act=lambda d: calls.append(d) or 7,
                           done=lambda n: f"/done/{n}", message=lambda n: f"已保存 {n}",
                           page=_page)
    assert (response.status_code, response["Location"]) == (302, "/done/7")
    assert calls == [{"name": "甲"}]
    assert [str(m) for m in request._messages] == ["已保存 7"]


def test_the_actions_refusal_is_on_the_form_with_422() -> None:
    def refuse(d: dict[str, Any]) -> None:
        raise ValidationError({"name": "该名称已被使用"})

    request = _request("POST", {"name": "甲"})
    response = form_action(request, NameForm(request.POST), act=refuse, done="/", page=_page)
    assert response.status_code == 422
    assert response.content.decode() == "name:该名称已被使用"


def test_an_invalid_form_never_calls_the_action_and_get_draws_the_page() -> None:
    def never(d: dict[str, Any]) -> None:
        raise AssertionError("called")

    request = _request("POST", {"name": "x" * 11})
    response = form_action(request, NameForm(request.POST), act=never, done="/", page=_page)
    assert response.status_code == 422
    get = _request("GET")
    response = form_action(get, NameForm(None), act=never, done="/", page=_page)
    assert (response.status_code, response.content) == (200, b"")
