"""The built-in coefficient sets of jiguan.energy.coefficients_data (GB/T 2589 and an
equivalent-primary electricity example), each with its source document."""

from django.db import migrations


def add_sets(apps, schema_editor):  # type: ignore[no-untyped-def]
    from jiguan.energy.coefficients_data import BUILT_IN_SETS

    CoefficientSet = apps.get_model("energy", "CoefficientSet")
    for data in BUILT_IN_SETS:
        values = {k: str(v) for k, v in data["values"].items()}  # type: ignore[attr-defined]
        CoefficientSet.objects.update_or_create(
            code=data["code"],
            defaults={"name": data["name"], "source": data["source"],
                      "effective_from": data["effective_from"],
                      "is_default": data["is_default"], "values": values,
                      "note": data["note"]})


class Migration(migrations.Migration):
    dependencies = [("energy", "0001_initial")]
    operations = [migrations.RunPython(add_sets, migrations.RunPython.noop)]
