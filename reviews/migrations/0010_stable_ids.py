import uuid

from django.db import migrations, models

from reviews.database import invalidation


def give_each_a_uid(apps, schema_editor):
    for name in ("Review", "Leaflet"):
        model = apps.get_model("reviews", name)
        for pk in model.objects.filter(uid__isnull=True).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0009_no_lost_edits"),
    ]

    operations = [
        migrations.AddField(model_name="review", name="uid", field=models.UUIDField(editable=False, null=True)),
        migrations.AddField(model_name="leaflet", name="uid", field=models.UUIDField(editable=False, null=True)),
        migrations.RunPython(give_each_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="review", name="uid", field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            model_name="leaflet", name="uid", field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.CreateModel(
            name="FormerSlug",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("resource", models.CharField(max_length=10)),
                ("slug", models.CharField(max_length=120)),
                ("object_id", models.BigIntegerField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("resource", "slug"), name="former_slug_once")],
            },
        ),
        # SQLite rebuilds the tables it altered, dropping their triggers: put them back (with the new slug ones).
        migrations.RunPython(invalidation.install, migrations.RunPython.noop),
    ]
