"""The agency picker: one form field for every entry form that picks an agency.

A province user has some 40,000 agencies in scope; a ``<select>`` of them cost 11.8 s and
2.6 MB per page (issue 10). `AgencyChoiceField` is a ``ModelChoiceField`` whose widget never
iterates the queryset. It renders

- a hidden input named like the field, holding the chosen agency's id (what the API and
  the old forms post: ``agency=<id>`` still works);
- a text box ``<name>__q`` showing the chosen agency as "名称（统一社会信用代码）"; typing in
  it asks ``orgs:agency_pick`` (htmx) for at most 20 matches in the user's scope, and a
  click on one fills both inputs (core/static/core/app.js, ``[data-pick]``);
- without JavaScript the typed text is resolved on submit: a credit code, a full name, or
  a part of a name that only one agency in the field's queryset contains. The text is read
  only when it says something other than the hidden id's agency (so a pick survives a
  page that posts back, and an empty box leaves the hidden id to decide; with JavaScript
  typing empties the hidden id).

Validation always goes through the field's queryset (the form's scoped, narrowed one): an
id outside it is refused with the field's invalid-choice message. The suggestions ask the
same permission and "active only" as that queryset (`AgencyQuerySet.pick_perm` /
``pick_active``), passed to the endpoint in a signed parameter so that a page cannot ask
for a permission no form gave it.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from django import forms
from django.core import signing
from django.db.models import Q
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from jiguan.access.roles import Perm
from jiguan.core.search import search
from jiguan.core.types import MAX_ID
from jiguan.orgs.models import Agency

#: the most suggestions the endpoint returns
PICK_LIMIT = 20
PICK_SALT = "jiguan.orgs.agency-pick"
TEXT_SUFFIX = "__q"
NOT_FOUND = "未找到该单位，请输入单位全称或统一社会信用代码"
AMBIGUOUS = "有多个单位名称包含“{text}”，请从列表中选择或输入统一社会信用代码"
OUT_OF_SCOPE = "所选单位不存在或不在您的权限范围内"
PLACEHOLDER = "输入单位名称或统一社会信用代码"
_LABEL = re.compile(r"(?P<name>.+?)\s*[（(]\s*(?P<code>[0-9A-Za-z]{18})\s*[）)]")


class Picked(NamedTuple):
    """What the widget read from a page's POST: the hidden id and the typed text."""

    pk: str
    text: str


def label(agency: Agency) -> str:
    """How the text box shows a chosen agency."""
    return f"{agency.name}（{agency.credit_code}）"


def pick_token(perm: str | None, active: bool) -> str:
    """The signed parameter of the suggestions: the permission and "active only"."""
    return signing.dumps([perm or Perm.VIEW_ORGS.value, bool(active)], salt=PICK_SALT)


def read_pick_token(token: str) -> tuple[str, bool]:
    """(permission, active only) of a token; no token is the agencies list's own view
    (VIEW_ORGS, active ones). A forged or broken token raises ``signing.BadSignature``."""
    if not token:
        return Perm.VIEW_ORGS.value, True
    perm, active = signing.loads(token, salt=PICK_SALT)
    return str(perm), bool(active)


def suggestions(rows: Any, text: str, limit: int = PICK_LIMIT) -> list[Agency]:
    """At most `limit` + 1 agencies of `rows` whose name contains `text` or whose credit
    code is it (the search index, jiguan.core.search), by name."""
    text = " ".join(text.split())
    if not text:
        return []
    found = search(rows.order_by(), text, extra=Q(credit_code=text.upper()))
    return list(found.select_related("region").order_by("name", "pk")[:limit + 1])


def _split(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, Picked):
        return value.pk, value.text
    if isinstance(value, Agency):
        return value.pk, label(value)
    return value, None


class AgencyPickWidget(forms.Widget):
    """A text box with htmx suggestions and a hidden id; never iterates the queryset.

    `choices` is set by ModelChoiceField (a ModelChoiceIterator); only its ``queryset`` is
    read, to show the label of a chosen id (one query, inside the field's scope)."""

    choices: Any = ()

    def __deepcopy__(self, memo: dict[int, Any]) -> AgencyPickWidget:
        obj = super().__deepcopy__(memo)
        obj.choices = self.choices
        return obj

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        pk = data.get(name)
        if name + TEXT_SUFFIX not in data:
            return pk  # the API, a test or an old form: the id alone
        return Picked(str(pk or ""), str(data.get(name + TEXT_SUFFIX) or ""))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + TEXT_SUFFIX not in data

    def id_for_label(self, id_: str) -> str:
        return id_

    def _queryset(self) -> Any:
        return getattr(self.choices, "queryset", None)

    def _shown(self, value: Any) -> tuple[str, str]:
        """(the id, the text) to render."""
        pk, text = _split(value)
        pk = "" if pk in (None, "") else str(pk)
        if text:
            return pk, text
        return self._lookup(pk) if pk else ("", "")

    def _lookup(self, pk: str) -> tuple[str, str]:
        qs = self._queryset()
        if qs is None or not pk.isdigit() or int(pk) > MAX_ID:
            return "", ""
        row = qs.order_by().filter(pk=int(pk)).values_list("name", "credit_code").first()
        if row is None:
            return "", ""  # outside the field's queryset: show nothing of it
        return pk, f"{row[0]}（{row[1]}）"

    def _url(self) -> str:
        qs = self._queryset()
        token = pick_token(getattr(qs, "pick_perm", None), getattr(qs, "pick_active", True))
        return f"{reverse('orgs:agency_pick')}?s={token}"

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        pk, text = self._shown(value)
        final = self.build_attrs(self.attrs, attrs)
        final.setdefault("class", "form-control")
        id_ = final.pop("id", None) or f"id_{name}"
        box = {
            **final, "type": "text", "name": name + TEXT_SUFFIX, "id": id_, "value": text,
            "autocomplete": "off", "placeholder": final.get("placeholder", PLACEHOLDER),
            "role": "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
            "aria-controls": f"{id_}__list", "data-pick-text": "",
            "hx-get": self._url(), "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{id_}__list", "hx-sync": "this:replace",
        }
        return format_html(
            '<div class="agency-pick" data-pick>'
            '<input type="hidden" name="{}" value="{}" id="{}__value" data-pick-value>'
            "<input{}>"
            '<div class="list-group agency-pick-list" id="{}__list" role="listbox" '
            'data-pick-list data-testid="pick-{}"></div></div>',
            name, pk, id_, flatatt(box), id_, name)


class AgencyChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField of agencies picked by name or credit code (see the module)."""

    widget = AgencyPickWidget
    default_error_messages = {
        "invalid_choice": OUT_OF_SCOPE,
        "not_found": NOT_FOUND,
        "ambiguous": AMBIGUOUS,
    }

    def __init__(self, queryset: Any = None, **kwargs: Any) -> None:
        super().__init__(queryset if queryset is not None else Agency.objects.none(),
                         **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Agency):
            return Picked(str(value.pk), label(value))
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(data, Picked):
            data = data.pk
        if isinstance(initial, Agency):
            initial = initial.pk
        return super().has_changed(initial, data)

    def to_python(self, value: Any) -> Agency | None:
        pk, text = _split(value)
        text = " ".join((text or "").split())
        if pk not in self.empty_values:
            agency = self._by_id(pk)
            if not text or _describes(agency, text):
                return agency
            # The text was changed after a pick without JavaScript: the text wins.
        if not text:
            return None
        return self.resolve(text)

    def _by_id(self, pk: Any) -> Agency:
        try:
            number = int(str(pk))
        except (TypeError, ValueError):
            number = 0
        if not 0 < number <= MAX_ID:
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice", params={"value": pk})
        agency = super().to_python(number)
        if agency is None:  # not reached: the number is never empty
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice", params={"value": pk})
        return agency

    def resolve(self, text: str) -> Agency:
        """The one agency of the queryset that `text` names: its credit code, its label
        ("名称（代码）"), its full name, or a part of its name no other agency has."""
        rows = self.queryset.order_by()  # type: ignore[union-attr]
        match = _LABEL.fullmatch(text)
        code = (match.group("code") if match else text).upper()
        by_code = rows.filter(credit_code=code).first()
        if by_code is not None:
            return by_code
        name = match.group("name") if match else text
        exact = list(rows.filter(name=name)[:2])
        if len(exact) == 1:
            return exact[0]
        found = list(search(rows, name)[:2])
        if not found:
            raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
        if len(found) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"].format(text=name),
                                        code="ambiguous")
        return found[0]


def _describes(agency: Agency, text: str) -> bool:
    return text.upper() == agency.credit_code or text in (agency.name, label(agency))
