"""The step endpoints of a workflow's API (``POST /cases/{id}/approve`` and the like), one
shape for every module: fetch the object in the user's scope (404 outside it), check the
user may take this step on it (403), validate the step's form (422 with the form's Chinese
messages, field by field), call the action (its ValidationError is a 422 too, see
config/api.py), and answer the object as it is now.

Core imports no other app, so the module says how to fetch and how to check::

    steps = StepEndpoints(load=case_or_404, require=require)

    @router.post("/cases/{case_id}/send-back", response=CaseDetailOut)
    def send_back(request: AuthedRequest, case_id: int, payload: ReasonIn) -> Any:
        return steps.run(request, case_id, Perm.CHANGE_SPACE, ReasonForm(payload.dict()),
                         lambda case, d: actions.send_back(case=case, actor=request.user, **d))

``check`` is a permission (``require(user, perm, obj)``) or a callable ``(user, obj)`` that
raises PermissionDenied (a step only a certain party may take). ``form`` is a bound form,
a callable building it from the object (a form whose choices depend on it), or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.forms import BaseForm

T = TypeVar("T")

Check = str | Callable[[Any, Any], object]
FormArg = BaseForm | Callable[[Any], BaseForm] | None


def valid(form: BaseForm) -> dict[str, Any]:
    """The form's cleaned data, or a ValidationError carrying its errors by field (422)."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return dict(form.cleaned_data)


@dataclass(frozen=True)
class StepEndpoints(Generic[T]):
    #: ``(user, pk) -> object``: the object in the user's scope, or Http404.
    load: Callable[[Any, int], T]
    #: ``(user, perm, obj)``: raises PermissionDenied without the permission over obj.
    require: Callable[[Any, Any, Any], object]

    def run(self, request: Any, pk: int, check: Check, form: FormArg,
            act: Callable[[T, dict[str, Any]], object]) -> T:
        obj = self.load(request.user, pk)
        if isinstance(check, str):
            self.require(request.user, check, obj)
        else:
            check(request.user, obj)
        if form is None:
            data: dict[str, Any] = {}
        else:
            data = valid(form if isinstance(form, BaseForm) else form(obj))
        act(obj, data)
        return self.load(request.user, pk)
