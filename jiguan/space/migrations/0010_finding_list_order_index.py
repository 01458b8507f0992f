# The findings list is read in its order (largest first) from this index: bench/README.md,
# session 7.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('space', '0009_room_building_index_dropped'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='finding',
            index=models.Index(fields=['-measure', 'region_path', 'kind', 'id'], name='finding_list_order'),
        ),
    ]
