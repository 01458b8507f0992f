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

from jiguan.core.web.forms import add_validation_error

T = TypeVar("T")
F = TypeVar("F", bound=BaseForm)


def form_action(
    request: HttpRequest,
    form: F,
    *,
    act: Callable[[dict[str, Any]], T],
    done: str | Callable[[T], str],
    template: str | None = None,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    message: str | Callable[[T], str] | None = None,
    page: Callable[[F], HttpResponse] | None = None,
) -> HttpResponse:
    """GET: render the form. POST: validate, run `act(cleaned_data)` (the action, which does
    the one transaction and its audit row), then redirect to `done` with `message`; a
    ValidationError from the form or the action is shown on the form (status 422).

    The page is `template` with `{"form": form, **context}` (`context` may be a function,
    called only when the page is drawn: after a refusal, to re-read the object), or, for a
    page drawn by a function of its own (a detail page carrying several forms), `page(form)`."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            if message:
                messages.success(request, message(result) if callable(message) else message)
            return redirect(done(result) if callable(done) else done)
    status = 422 if form.errors else 200
    if page is not None:
        response = page(form)
        response.status_code = status
        return response
    if template is None:
        raise TypeError("form_action needs a template or a page")
    extra = context() if callable(context) else context
    return render(request, template, {"form": form, **(extra or {})}, status=status)


def refreshed(obj: T) -> T:
    """`obj` re-read from the database, for the page drawn after a refusal: an action that
    refused may have set attributes of the object before it raised."""
    obj.refresh_from_db()  # type: ignore[attr-defined]
    return obj
