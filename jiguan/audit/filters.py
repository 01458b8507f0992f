"""The audit-log filter, shared by the page, the export and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from jiguan.audit.events import all_labels
from jiguan.audit.models import AuditEvent, AuditEventQuerySet, Outcome


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control",
                                                      "placeholder": "操作人、对象"}))
    event_type = forms.ChoiceField(label="事件类型", required=False,
                                   widget=forms.Select(attrs={"class": "form-select"}))
    outcome = forms.ChoiceField(label="结果", required=False,
                                choices=[("", "全部"), *Outcome.choices],
                                widget=forms.Select(attrs={"class": "form-select"}))
    start = forms.DateField(label="起始日期", required=False,
                            widget=forms.DateInput(attrs={"class": "form-control",
                                                          "type": "date"}))
    end = forms.DateField(label="截止日期", required=False,
                          widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_type"].choices = [("", "全部"), *all_labels().items()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "截止日期不能早于起始日期")
        return data

    def describe(self) -> str:
        if not self.is_valid():
            return "无"
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value:
                choices = getattr(field, "choices", None)
                shown = dict(choices).get(value, value) if choices else value
                parts.append(f"{field.label}={shown}")
        return "；".join(parts) or "无"


def filter_events(qs: AuditEventQuerySet, form: AuditFilterForm) -> AuditEventQuerySet:
    if not form.is_valid():
        return qs
    d = form.cleaned_data
    if d.get("q"):
        qs = qs.filter(Q(actor_name__icontains=d["q"]) | Q(target_repr__icontains=d["q"]))
    if d.get("event_type"):
        qs = qs.filter(event_type=d["event_type"])
    if d.get("outcome"):
        qs = qs.filter(outcome=d["outcome"])
    if d.get("start"):
        qs = qs.filter(created_at__date__gte=d["start"])
    if d.get("end"):
        qs = qs.filter(created_at__date__lte=d["end"])
    return qs


def events_for(user: Any, params: Any) -> tuple[AuditEventQuerySet, AuditFilterForm]:
    form = AuditFilterForm(params or None)
    return filter_events(AuditEvent.objects.visible_to(user), form), form


