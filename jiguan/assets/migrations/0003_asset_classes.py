"""The GB/T 14885 class tree and the configuration standards (data: jiguan/assets/cards/
data.py, plain tuples with no app code; sources and confidence there and in docs/assets.md)."""

from decimal import Decimal

from django.db import migrations

from jiguan.assets.cards.data import CLASSES, STANDARDS, parent_code


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    AssetClass = apps.get_model("assets", "AssetClass")
    ConfigStandard = apps.get_model("assets", "ConfigStandard")
    made = {}
    for code, name, unit, confidence in CLASSES:
        parent = parent_code(code)
        made[code] = AssetClass.objects.create(
            code=code, name=name, unit=unit, confidence=confidence,
            parent=made.get(parent) if parent else None,
            level={1: 1, 3: 2, 5: 3}.get(len(code), 4))
    for code, per_person, price, years, source, verified in STANDARDS:
        ConfigStandard.objects.create(
            asset_class=made[code], per_person=Decimal(per_person) if per_person else None,
            max_unit_price=Decimal(price) if price else None, min_years=years, source=source,
            unverified=not verified)


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("assets", "ConfigStandard").objects.all().delete()
    AssetClass = apps.get_model("assets", "AssetClass")
    for level in (4, 3, 2, 1):
        AssetClass.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("assets", "0002_asset_cards")]
    operations = [migrations.RunPython(load, unload)]
