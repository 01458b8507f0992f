"""The catalogue, the negative list and the three standards as data
(jiguan/services/catalogue/data.py, jiguan/services/standards/data.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from jiguan.services.catalogue.data import seed_catalogue
    from jiguan.services.standards.data import seed_standards

    category = apps.get_model("services", "ServiceCategory")
    seed_catalogue(category, apps.get_model("services", "ServiceItem"),
                   apps.get_model("services", "NegativeEntry"))
    seed_standards(category, apps.get_model("services", "ServiceStandard"),
                   apps.get_model("services", "StandardItem"))


class Migration(migrations.Migration):

    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
