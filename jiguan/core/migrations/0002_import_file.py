"""Move the uploaded file of an import job out of the job's row (see core.models.ImportFile)."""

import django.db.models.deletion
from django.db import migrations, models


def move_files(apps, schema_editor):  # type: ignore[no-untyped-def]
    job_model = apps.get_model("core", "ImportJob")
    file_model = apps.get_model("core", "ImportFile")
    for pk in job_model.objects.values_list("pk", flat=True).iterator():
        data = job_model.objects.values_list("file_data", flat=True).get(pk=pk)
        file_model.objects.create(job_id=pk, data=bytes(data or b""))


def move_files_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    job_model = apps.get_model("core", "ImportJob")
    file_model = apps.get_model("core", "ImportFile")
    for job_id in file_model.objects.values_list("job_id", flat=True).iterator():
        data = file_model.objects.values_list("data", flat=True).get(job_id=job_id)
        job_model.objects.filter(pk=job_id).update(file_data=bytes(data))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_import_job"),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportFile",
            fields=[
                ("job", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                             primary_key=True, related_name="upload",
                                             serialize=False, to="core.importjob",
                                             verbose_name="导入任务")),
                ("data", models.BinaryField(verbose_name="文件内容")),
            ],
            options={
                "verbose_name": "导入文件",
                "verbose_name_plural": "导入文件",
            },
        ),
        migrations.RunPython(move_files, move_files_back),
        # A default, so that migrating back can add the column again before refilling it.
        migrations.AlterField(
            model_name="importjob",
            name="file_data",
            field=models.BinaryField(default=b"", editable=False, verbose_name="文件内容"),
        ),
        migrations.RemoveField(
            model_name="importjob",
            name="file_data",
        ),
    ]
