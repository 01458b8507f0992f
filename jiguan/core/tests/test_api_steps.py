"""core.api_steps: the one shape of a workflow's step endpoints (404, 403, 422, act, reload)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jiguan.core.api_steps import StepEndpoints, valid


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=5)


class Case:
    def __init__(self, pk: int, version: int) -> None:
        self.pk, self.version = pk, version


def _steps(store: dict[int, int], log: list[Any]) -> StepEndpoints[Case]:
    def load(user: Any, pk: int) -> Case:
        if pk not in store or user.name == "outsider":
            raise Http404
        return Case(pk, store[pk])

    def require(user: Any, perm: Any, obj: Any) -> None:
        log.append(("require", perm, obj.pk))
        if perm not in user.perms:
            raise PermissionDenied

    return StepEndpoints(load=load, require=require)


def _request(name: str = "clerk", perms: tuple[str, ...] = ("change",)) -> Any:
    return SimpleNamespace(user=SimpleNamespace(name=name, perms=perms))


def _bump(store: dict[int, int], log: list[Any]) -> Any:
    def act(case: Case, data: dict[str, Any]) -> None:
        log.append(("act", case.pk, data))
        store[case.pk] += 1
    return act


def test_a_step_checks_the_permission_validates_acts_and_answers_the_object_as_it_is_now(
) -> None:
    store, log = {7: 1}, []
    case = _steps(store, log).run(_request(), 7, "change", NoteForm({"note": "好"}),
                                  _bump(store, log))
    assert case.version == 2  # reloaded after the action
    assert log == [("require", "change", 7), ("act", 7, {"note": "好"})]


def test_out_of_scope_is_404_before_any_check() -> None:
    store, log = {7: 1}, []
    with pytest.raises(Http404):
        _steps(store, log).run(_request("outsider"), 7, "change", None, _bump(store, log))
    assert log == [] and store[7] == 1


def test_without_the_permission_nothing_is_validated_or_written() -> None:
    store, log = {7: 1}, []
    form = NoteForm({"note": "太长了太长了"})
    with pytest.raises(PermissionDenied):
        _steps(store, log).run(_request(perms=()), 7, "change", form, _bump(store, log))
    assert store[7] == 1 and [e[0] for e in log] == ["require"]


def test_an_invalid_form_is_a_validation_error_by_field_and_nothing_is_written() -> None:
    store, log = {7: 1}, []
    with pytest.raises(ValidationError) as exc:
        _steps(store, log).run(_request(), 7, "change", NoteForm({"note": "太长了太长了"}),
                               _bump(store, log))
    assert "note" in exc.value.error_dict
    assert store[7] == 1


def test_a_callable_check_and_a_form_built_from_the_object() -> None:
    store, log = {7: 1}, []

    def only_odd(user: Any, case: Case) -> None:
        if case.pk % 2 == 0:
            raise PermissionDenied("只有单数")

    built: list[int] = []

    def form(case: Case) -> NoteForm:
        built.append(case.pk)
        return NoteForm({"note": str(case.version)})

    steps = _steps(store, log)
    assert steps.run(_request(), 7, only_odd, form, _bump(store, log)).version == 2
    assert built == [7] and log[-1] == ("act", 7, {"note": "1"})
    store[8] = 1
    with pytest.raises(PermissionDenied):
        steps.run(_request(), 8, only_odd, form, _bump(store, log))
    assert store[8] == 1


def test_valid_returns_a_copy_of_the_cleaned_data() -> None:
    form = NoteForm({"note": "好"})
    data = valid(form)
    data["note"] = "改"
    assert form.cleaned_data["note"] == "好"
