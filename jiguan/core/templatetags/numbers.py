"""``{% load numbers %}``: ``{{ value|num:"area" }}`` → 1,234.50 and ``{{ value|qty:"area" }}``
→ 1,234.50 m² (jiguan.core.numbers has the table of kinds)."""

from __future__ import annotations

from django import template

from jiguan.core.numbers import format_number, format_quantity, header

register = template.Library()


@register.filter
def num(value: object, kind: str = "count") -> str:
    return format_number(value, kind)


@register.filter
def qty(value: object, kind: str = "count") -> str:
    return format_quantity(value, kind)


@register.filter
def with_unit(label: str, kind: str) -> str:
    """A column header with its unit: ``{{ "建筑面积"|with_unit:"area" }}``."""
    return header(label, kind)
