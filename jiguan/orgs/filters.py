"""List filters shared by the pages, the Excel exports and the API."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.orgs.forms import AgencyFilterForm, PersonFilterForm
from jiguan.orgs.models import Agency, AgencyQuerySet, Person, PersonQuerySet


def describe(form: forms.Form) -> str:
    """The active filters in words, for the export's second row."""
    if not form.is_valid():
        return "无"
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if isinstance(field, forms.ChoiceField) and not isinstance(field,
                                                                   forms.ModelChoiceField):
            value = dict(field.choices).get(value, value)  # type: ignore[arg-type]
        parts.append(f"{field.label}={value}")
    return "；".join(parts) or "无"


def import_job_of(form: forms.Form) -> int | None:
    """The import job a list is filtered to (for its banner), if any."""
    return form.cleaned_data.get("import_job") if form.is_valid() else None


def agencies_for(user: Any, params: Any) -> tuple[AgencyQuerySet, AgencyFilterForm]:
    form = AgencyFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = Agency.objects.visible_to(user).select_related("region", "parent")
    if form.is_valid():
        d = form.cleaned_data
        qs = qs.search(d.get("q") or "")
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
        for name in ("level", "type_code", "status"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("import_job"):
            qs = qs.filter(import_job_id=d["import_job"])
    elif form.is_bound:
        qs = qs.none()
    return qs, form


def people_for(user: Any, params: Any) -> tuple[PersonQuerySet, PersonFilterForm]:
    form = PersonFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = Person.objects.visible_to(user).select_related("agency", "agency__region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("agency"):
            qs = qs.filter(agency_id=d["agency"])
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("import_job"):
            qs = qs.filter(import_job_id=d["import_job"])
        # Last: how the search is read depends on the other conditions (a join to the
        # regions or not; PersonQuerySet.search).
        qs = qs.search(d.get("q") or "")
    elif form.is_bound:
        qs = qs.none()
    return qs, form
