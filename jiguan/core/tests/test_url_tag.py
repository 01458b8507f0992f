"""The project's ``{% url %}`` (jiguan.core.templatetags.urls) gives Django's text for every
named URL of the project, and reverses a name once however many rows link to it."""

from __future__ import annotations

from unittest import mock

import pytest
from django.template import Context, Engine, Template
from django.test import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from jiguan.core.templatetags import urls as url_tag
from jiguan.core.web import links
from jiguan.core.web.links import fast_reverse


def _named(resolver: URLResolver, namespace: str = "") -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            out += _named(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            arity = entry.pattern.regex.groups
            out.append((namespace + entry.name, arity))
    return out


NAMED = _named(get_resolver())


def test_the_project_has_the_urls_to_compare() -> None:
    assert len(NAMED) > 300
    assert ("space:floor", 2) in NAMED and ("orgs:agency_detail", 1) in NAMED


@pytest.mark.parametrize("args", [(), (7,), (987654321,), (42, 3)])
def test_fast_reverse_gives_what_reverse_gives_for_every_url(args: tuple[int, ...]) -> None:
    compared = 0
    for name, arity in NAMED:
        if arity != len(args):
            continue
        try:
            expected = reverse(name, args=list(args))
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                fast_reverse(name, args)
            continue
        assert fast_reverse(name, args) == expected, name
        assert fast_reverse(name, args) == expected, name  # and from the cached link
        compared += 1
    assert compared > (5 if args else 100)


def test_other_arguments_go_to_reverse() -> None:
    assert fast_reverse("space:floor", (3, -2)) == reverse("space:floor", args=[3, -2])
    assert fast_reverse("imports:start", ("orgs.agency",)) == reverse("imports:start",
                                                                       args=["orgs.agency"])
    with pytest.raises(NoReverseMatch):
        fast_reverse("orgs:agency_detail", ("x",))
    with pytest.raises(NoReverseMatch):
        fast_reverse("no_such_name", (1,))


def test_the_url_tag_of_every_template_is_the_projects() -> None:
    engine = Engine.get_default()
    node = engine.from_string("{% url 'orgs:agency_detail' 5 %}").nodelist[0]
    assert isinstance(node, url_tag.URLNode)


ROWS = ("{% for pk in pks %}<a href=\"{% url 'orgs:agency_detail' pk %}\">{% endfor %}"
        "{% url 'orgs:agency_detail' 9 as kept %}[{{ kept }}]"
        "{% url 'no_such_name' 9 as missing %}[{{ missing }}]"
        "{% url 'space:floor' pk=4 number=-1 %}|{% url 'core:home' %}")


def test_the_tag_renders_as_djangos_own() -> None:
    ours = Engine.get_default().from_string(ROWS)
    django_own = Template(ROWS, engine=Engine())
    context = {"pks": [1, 22, 333]}
    got = ours.render(Context(context, autoescape=True))
    assert got == django_own.render(Context(context, autoescape=True))
    assert '<a href="/orgs/agencies/22/">' in got and "[/orgs/agencies/9/][]" in got


def test_a_list_reverses_each_name_once_whatever_its_rows() -> None:
    links._link.cache_clear()
    template = Engine.get_default().from_string(ROWS)
    real = URLResolver._reverse_with_prefix
    with mock.patch.object(URLResolver, "_reverse_with_prefix", autospec=True,
                           side_effect=real) as reversed_:
        template.render(Context({"pks": list(range(1, 51))}))
    # agency_detail once (the stand-in), space:floor (keywords), core:home once, and the
    # missing name twice (its stand-in, then reverse): 5, where Django's own tag reverses
    # once a row.
    assert reversed_.call_count <= 5
    with mock.patch.object(URLResolver, "_reverse_with_prefix", autospec=True,
                           side_effect=real) as reversed_:
        Template(ROWS, engine=Engine()).render(Context({"pks": list(range(1, 51))}))
    assert reversed_.call_count >= 50


@override_settings(ROOT_URLCONF="jiguan.core.tests.urls_other")
def test_another_urlconf_gets_its_own_links() -> None:
    assert fast_reverse("agency_detail", (5,)) == "/elsewhere/5/"
