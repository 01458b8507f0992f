"""The list rows' Jinja2 (jiguan.core.web.jinja) reads and writes a value as Django's
templates do, so a row loop renders the same text in either engine; ``{% jinja %}`` puts a
Jinja2 template into a Django page; every list's rows are Jinja2."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template, engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils.safestring import mark_safe

JIGUAN = Path(__file__).resolve().parents[2]


def _jinja(source: str, **values: Any) -> str:
    return engines["jinja2"].from_string(source).render(values)


def _django(source: str, **values: Any) -> str:
    return Template(source).render(Context(values))


class Row:
    """A model-like row: a method a template calls, one it must not, one that writes."""

    name = "西湖区机关事务管理局"
    missing_relation = None

    def get_level_display(self) -> str:
        return "区县级"

    def delete(self) -> str:
        raise AssertionError("a template called a method that alters data")

    delete.alters_data = True  # type: ignore[attr-defined]

    def needs_argument(self, value: int) -> int:
        return value

    def broken(self) -> str:
        return "" + 3  # type: ignore[operator]  # a TypeError inside the method

    class Manager:
        do_not_call_in_templates = True

        def __call__(self) -> str:
            raise AssertionError("called")

        def __str__(self) -> str:
            return "manager"

    people = Manager()


AWARE = dt.datetime(2026, 12, 7, 17, 30, tzinfo=dt.UTC)  # 01:30 on the 8th in Shanghai

# (Django's source, Jinja2's source): the same values, the same text.
SAME = [
    ("{{ row.name }}|{{ row.get_level_display }}",
     "{{ row.name }}|{{ row.get_level_display }}"),
    ("[{{ row.delete }}][{{ row.needs_argument }}]",
     "[{{ row.delete }}][{{ row.needs_argument }}]"),
    ("{{ row.people }}", "{{ row.people }}"),
    ("{{ row.missing_relation.name }}|{{ row.nothing.at.all }}",
     "{{ row.missing_relation.name }}|{{ row.nothing.at.all }}"),
    ("{{ mapping.items }}", "{{ mapping.items }}"),
    ("{{ day }}|{{ moment }}|{{ amount }}|{{ none }}|{{ flag }}",
     "{{ day }}|{{ moment }}|{{ amount }}|{{ none }}|{{ flag }}"),
    ('{{ moment|date:"Y-m-d H:i" }}|{{ day|date:"Y年n月j日" }}',
     '{{ moment|date("Y-m-d H:i") }}|{{ day|date("Y年n月j日") }}'),
    ('{{ amount|num:"money" }}|{{ area|qty:"area" }}|{{ none|num:"area" }}|'
     '{{ "面积"|with_unit:"area" }}',
     '{{ amount|num("money") }}|{{ area|qty("area") }}|{{ none|num("area") }}|'
     '{{ "面积"|with_unit("area") }}'),
    ('{{ empty|default:"—" }}|{{ zero|default:"—" }}|{{ none|default_if_none:"无" }}|'
     '{{ row.nothing|default:"—" }}',
     '{{ empty|default("—") }}|{{ zero|default("—") }}|{{ none|default_if_none("无") }}|'
     '{{ row.nothing|default("—") }}'),
    ('{{ long|truncatechars:5 }}|{{ names|join:"、" }}|{{ html }}|{{ safe }}|'
     "{{ safe|truncatechars:9 }}",
     '{{ long|truncatechars(5) }}|{{ names|join("、") }}|{{ html }}|{{ safe }}|'
     "{{ safe|truncatechars(9) }}"),
    ("{% for r in rows %}{{ forloop.counter }}{{ r }}{% empty %}无{% endfor %}|"
     "{% for r in none_list %}{{ r }}{% empty %}无{% endfor %}",
     "{% for r in rows %}{{ loop.index }}{{ r }}{% else %}无{% endfor %}|"
     "{% for r in none_list %}{{ r }}{% else %}无{% endfor %}"),
    ("{% url 'orgs:agency_detail' 42 %}|{% url 'space:floor' 3 -2 %}",
     "{{ url('orgs:agency_detail', 42) }}|{{ url('space:floor', 3, -2) }}"),
]

VALUES: dict[str, Any] = {
    "row": Row(), "mapping": {"items": "键优先"}, "day": dt.date(2026, 12, 8),
    "moment": AWARE, "amount": Decimal("1234567.5"), "area": 2081.25, "none": None,
    "flag": True, "empty": "", "zero": 0, "long": "机关事务管理平台", "names": ["甲", "<乙>"],
    "html": "<b>粗</b>", "safe": mark_safe("<i>斜体的文字</i>"), "rows": ["a", "b"],
    "none_list": [],
}


@pytest.mark.parametrize(("django_source", "jinja_source"), SAME)
def test_a_row_renders_the_same_in_both_engines(django_source: str, jinja_source: str) -> None:
    expected = _django(django_source, **VALUES)
    got = _jinja(jinja_source, **VALUES)
    # The engines spell two escapes differently: &#x27; / &#39; and &quot; / &#34;.
    assert got.replace("&#39;", "&#x27;").replace("&#34;", "&quot;") == expected


def test_the_values_compared_are_the_ones_meant() -> None:
    """The comparison above is not of empty strings: spot values of Django's text."""
    assert _django("{{ row.get_level_display }}", **VALUES) == "区县级"
    assert _django("{{ moment }}", **VALUES) == "2026年12月8日 01:30"
    assert _django('{{ amount|num:"money" }}', **VALUES) == "1,234,567.50"
    assert _django("{{ html }}|{{ safe }}", **VALUES) == "&lt;b&gt;粗&lt;/b&gt;|<i>斜体的文字</i>"
    assert _django("{{ mapping.items }}", **VALUES) == "键优先"
    assert _jinja("{{ row.delete }}{{ row.people }}", **VALUES) == "manager"


def test_an_error_inside_a_method_is_raised_as_django_raises_it() -> None:
    with pytest.raises(TypeError):
        _django("{{ row.broken }}", **VALUES)
    with pytest.raises(TypeError):
        _jinja("{{ row.broken }}", **VALUES)


def test_the_jinja_tag_renders_a_jinja_template_with_the_page_context() -> None:
    request = RequestFactory().get("/")
    page = engines["django"].from_string(
        '<tbody>{% jinja "space/compliance_status.html" %}</tbody>')
    finding = type("F", (), {"status": "open", "get_status_display": lambda self: "待整改"})()
    html = page.render({"f": finding}, request)
    assert html == ('<tbody><span class="badge text-bg-danger" data-testid="finding-status">'
                    "待整改</span></tbody>")


def test_url_uses_the_request_namespace_as_django_does() -> None:
    request = RequestFactory().get("/")
    template = engines["jinja2"].from_string("{{ url('orgs:agency_detail', 7) }}")
    assert template.render({}, request) == reverse("orgs:agency_detail", args=[7])


LOOP_OVER_PAGE = re.compile(r"{%\s*for\s+[\w, ]+\s+in\s+page_obj")


def test_every_list_renders_its_rows_with_jinja() -> None:
    """A list's row loop is a Jinja2 template (docs/architecture.md, "A list page"): no
    Django template loops over ``page_obj``, and every ``{% jinja %}`` names a template
    that exists."""
    django_loops = [str(p.relative_to(JIGUAN)) for p in JIGUAN.rglob("templates/**/*.html")
                    if LOOP_OVER_PAGE.search(p.read_text(encoding="utf-8"))]
    assert django_loops == []
    named = set()
    for page in JIGUAN.rglob("templates/**/*.html"):
        named |= set(re.findall(r'{%\s*jinja\s+"([^"]+)"', page.read_text(encoding="utf-8")))
    assert len(named) > 55
    for name in sorted(named):
        engines["jinja2"].get_template(name)  # raises TemplateDoesNotExist
    jinja_loops = [p for p in JIGUAN.rglob("jinja2/**/*.html")
                   if LOOP_OVER_PAGE.search(p.read_text(encoding="utf-8"))]
    assert len(jinja_loops) > 55
