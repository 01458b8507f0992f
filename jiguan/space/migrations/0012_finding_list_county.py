# A county's findings are read in the list's order from this index: bench/README.md,
# session 9.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('space', '0011_building_list_order'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='finding',
            index=models.Index(fields=['county_code', '-measure', 'region_path', 'kind', 'id'],
                               name='finding_list_county'),
        ),
    ]
