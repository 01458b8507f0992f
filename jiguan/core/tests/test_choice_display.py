"""``get_<field>_display`` of the project's models (core.models.BaseModel, which keeps each
field's choices as a dict) answers what Django's own does, for every choice of every field
with choices and for a value outside them."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from jiguan.core.models import BaseModel


def test_every_choice_displays_as_django_displays_it() -> None:
    compared = 0
    for model in apps.get_models():
        if not issubclass(model, BaseModel):
            continue
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            values = [value for value, _ in field.flatchoices] + ["不在选项中", None]
            for value in values:
                row = model()
                setattr(row, field.attname, value)
                ours = getattr(row, f"get_{field.name}_display")()
                assert ours == models.Model._get_FIELD_display(row, field), (model, field, value)
                assert ours == row._get_FIELD_display(field)
                compared += 1
    assert compared > 500  # every module's statuses and kinds, not a handful


def test_a_choice_reads_its_label() -> None:
    from jiguan.orgs.models import Agency

    agency = Agency(level="county")
    assert agency.get_level_display() == dict(Agency._meta.get_field("level").flatchoices)[
        "county"]
    assert agency.get_level_display() != "county"
    assert Agency(level="nowhere").get_level_display() == "nowhere"
