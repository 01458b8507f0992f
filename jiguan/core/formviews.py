"""The one page shape most writes share: show a form; on POST validate it, call the action,
show the action's refusal on the form or report success and redirect.

    def building_create(request: AuthedRequest) -> HttpResponse:
        require(request.user, Perm.CHANGE_SPACE)
        form = BuildingForm(request.POST or None, regions=...)
        return form_action(
            request, form,
            act=lambda data: actions.building_create(data=data, actor=request.user),
            done=lambda b: reverse("space:building_detail", args=[b.pk]),
            message=lambda b: f"已新增房产：{b.name}",
            template="space/building_form.html", context={"building": None})

A refused form answers 422 so that htmx and the browser tests can tell it from a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jiguan.core.forms import add_validation_error

T = TypeVar("T")


def form_action(
    request: HttpRequest,
    form: BaseForm,
    *,
    act: Callable[[dict[str, Any]], T],
    done: str | Callable[[T], str],
    template: str,
    context: Mapping[str, Any] | None = None,
    message: str | Callable[[T], str] | None = None,
) -> HttpResponse:
    """GET: render the form. POST: validate, run `act(cleaned_data)` (the action, which does
    the one transaction and its audit row), then redirect to `done` with `message`; a
    ValidationError from the form or the action is shown on the form (status 422)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            if message:
                messages.success(request, message(result) if callable(message) else message)
            return redirect(done(result) if callable(done) else done)
    return render(request, template, {"form": form, **(context or {})},
                  status=422 if form.errors else 200)
