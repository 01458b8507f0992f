"""The built-in coefficient sets of jiguan.energy.coefficients_data (GB/T 2589 and an
equivalent-primary electricity example), each with its source document."""

from django.db import migrations


def add_sets(apps, schema_editor):  # type: ignore[no-untyped-def]
    from jiguan.energy.coefficients_data import seed_builtin_sets

    seed_builtin_sets(apps.get_model("energy", "CoefficientSet"))


class Migration(migrations.Migration):
    dependencies = [("energy", "0001_initial")]
    operations = [migrations.RunPython(add_sets, migrations.RunPython.noop)]
