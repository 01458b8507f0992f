"""The mapping step's form: each column of the file beside the importer's fields (or 忽略)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.core.excel.layout import IGNORE
from jiguan.core.imports.pipeline import Importer

HOW_LABELS = {"exact": "表头一致，已自动对应", "mapped": "按列对应关系", "claimed": "按表头识别",
              "ignored": "已忽略", "": ""}


def mapping_choices(importer_cls: type[Importer]) -> list[tuple[str, str]]:
    """The fields a file column may go to: the importer's columns matched by name."""
    return [(c.field, f"{c.label}{'（必填）' if c.required else ''}")
            for c in importer_cls.columns if c.claim is None]


def _initial(cell: dict[str, Any]) -> str:
    """What the dropdown shows first: the match, else the best suggestion, else 忽略."""
    if cell["field"] is not None:
        return str(cell["field"])
    if cell["how"] != "ignored" and cell["suggestions"]:
        return str(cell["suggestions"][0][0])
    return IGNORE


def mapping_rows(layout: dict[str, Any], chosen: dict[str, str] | None = None
                 ) -> list[dict[str, Any]]:
    """One row per file column for the template: header, samples, how it was matched,
    the value selected (``chosen`` after a refused submission)."""
    rows = []
    for cell in layout["cells"]:
        name = f"col_{cell['index']}"
        selected = chosen[name] if chosen and name in chosen else _initial(cell)
        suggested = (cell["field"] is None and cell["how"] != "ignored"
                     and bool(cell["suggestions"]))
        rows.append({"name": name, "text": cell["text"], "samples": cell["samples"],
                     "how": HOW_LABELS.get(cell["how"], ""), "selected": selected,
                     "suggested": suggested, "claimed": cell["how"] == "claimed",
                     "field": cell["field"]})
    return rows


class MappingForm(forms.Form):
    name = forms.CharField(label="保存为", max_length=100, required=False)
    save = forms.BooleanField(label="保存此对应关系，下次上传表头相同的文件时自动使用",
                              required=False)

    def __init__(self, data: Any, *, layout: dict[str, Any],
                 importer_cls: type[Importer]) -> None:
        super().__init__(data)
        self.layout = layout
        self.importer_cls = importer_cls
        choices = [(IGNORE, "忽略"), *mapping_choices(importer_cls)]
        for cell in layout["cells"]:
            cell_choices = choices
            if cell["how"] == "claimed":
                cell_choices = [(IGNORE, "忽略"), (cell["field"], cell["text"])]
            self.fields[f"col_{cell['index']}"] = forms.ChoiceField(
                label=cell["text"], choices=cell_choices, required=False)

    def chosen(self) -> dict[str, str]:
        return {name: str(self.data.get(name, "")) for name in self.fields
                if name.startswith("col_")}

    def mapping_name(self) -> str:
        text = str(self.data.get("name", "")).strip()
        return text or str(self.importer_cls.label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        by_key: dict[str, set[str]] = {}
        for cell in self.layout["cells"]:
            by_key.setdefault(cell["key"], set()).add(data.get(f"col_{cell['index']}") or IGNORE)
        for key, chosen in by_key.items():
            if len(chosen) > 1:
                texts = [c["text"] for c in self.layout["cells"] if c["key"] == key]
                self.add_error(None, f"文件中有 {len(texts)} 列的表头都是“{texts[0]}”，无法分别对应"
                                     "不同的字段，请修改表头后重新上传")
        by_field: dict[str, list[str]] = {}
        for cell in self.layout["cells"]:
            target = data.get(f"col_{cell['index']}") or IGNORE
            if target != IGNORE:
                by_field.setdefault(target, []).append(cell["text"])
        label = self.importer_cls.column_label
        for target, texts in by_field.items():
            if len(texts) > 1:
                self.add_error(None, f"“{label(target) or texts[0]}”被选给了多列："
                                     + "、".join(f"“{t}”" for t in texts)
                                     + "，每个字段只能对应一列")
        missing = [c.label for c in self.importer_cls.columns
                   if c.required and c.field not in by_field]
        if missing:
            self.add_error(None, "还缺少必填列：" + "、".join(missing)
                                 + "。请为它们各选一列，或在文件中补上后重新上传")
        return data

    def problems(self) -> list[str]:
        return [str(e) for errors in self.errors.values() for e in errors]

    def mapping(self) -> dict[str, str]:
        """{normalised header: field or 忽略} for every column of the header row."""
        return {cell["key"]: (self.cleaned_data.get(f"col_{cell['index']}") or IGNORE)
                for cell in self.layout["cells"]}
