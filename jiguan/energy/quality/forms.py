"""Filters of the data quality and completeness pages."""

from __future__ import annotations

from django import forms

from jiguan.energy.filters import INPUT, RegionFilterForm, region_field, year_field


class QualityForm(RegionFilterForm):
    region = region_field()
    year = year_field()
    month = forms.IntegerField(label="截至月份", required=False, min_value=1, max_value=12,
                               widget=forms.NumberInput(attrs=INPUT),
                               error_messages={"invalid": "截至月份应为 1 至 12",
                                               "min_value": "截至月份应为 1 至 12",
                                               "max_value": "截至月份应为 1 至 12"})


class PeriodForm(RegionFilterForm):
    """A region and a reporting month (YYYY-MM)."""

    region = region_field()
    month = forms.CharField(label="报送月份", required=False, max_length=10,
                            widget=forms.TextInput(attrs={**INPUT, "type": "month"}))
