"""The project's ``|date`` (jiguan.core.templatetags.dates) gives Django's text for every
format the templates use and for the values and formats it leaves to Django."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.template import Context, Template, engines
from django.template.defaultfilters import date as django_date
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

from jiguan.core.templatetags import dates

JIGUAN = Path(__file__).resolve().parents[2]
USED = sorted({m.group(2) for p in [*JIGUAN.rglob("templates/**/*.html"),
                                    *JIGUAN.rglob("jinja2/**/*.html")]
               for m in re.finditer(r"""\|date[:(](["'])(.*?)\1""", p.read_text("utf-8"))})
OTHERS = ["D, d M Y", "N j, Y, P", "DATE_FORMAT", r"Y\年", "y-m-d", "G:i", "", "Y-m-d A"]
VALUES: list[object] = [
    dt.date(2026, 12, 8), dt.date(987, 1, 2), dt.datetime(2026, 1, 5, 7, 3, 9),
    dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=dt.UTC), dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
    None, "", "2026-12-08", 20261208,
]


def test_the_templates_use_the_formats_written_directly() -> None:
    assert {"Y-m-d", "Y-m-d H:i", "Y年n月", "Y-m"} <= set(USED)
    assert all(dates._compiled(fmt) is not None for fmt in USED)


def _outcome(func: Callable[..., str], value: object, fmt: str) -> object:
    try:
        return func(value, fmt)
    except TypeError as exc:  # Django's: time letters for a date
        return type(exc)


@pytest.mark.parametrize("fmt", USED + OTHERS)
def test_every_format_and_value_reads_as_django_writes_it(fmt: str) -> None:
    for value in VALUES:
        local = template_localtime(value)
        assert _outcome(dates.date, local, fmt) == _outcome(django_date, local, fmt), (fmt, value)
    day = dt.date(2026, 12, 8)
    assert dates.date(day) == django_date(day)  # no format: DATE_FORMAT


def test_both_engines_use_it_with_local_time() -> None:
    moment = dt.datetime(2026, 12, 7, 17, 30, tzinfo=dt.UTC)  # the 8th in Shanghai
    django_text = Template('{{ m|date:"Y-m-d H:i" }}').render(Context({"m": moment}))
    jinja_text = engines["jinja2"].from_string('{{ m|date("Y-m-d H:i") }}').render({"m": moment})
    assert django_text == jinja_text == "2026-12-08 01:30"
    assert Template("{% load dates %}").engine.template_builtins[-1].filters["date"] is dates.date
