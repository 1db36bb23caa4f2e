"""A document's words are read by the worker after upload (``reviews.files.extraction``):
``text_pending`` until then. The column is added in place (a table rebuild on SQLite
would trip the triggers that read documents), and the version triggers learn that
the worker's write of the words is no edit."""

from django.db import migrations, models

from reviews.database import invalidation


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0032_deferred_report_held_back"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="document",
                    name="text_pending",
                    field=models.BooleanField(default=False, editable=False),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE reviews_document ADD COLUMN text_pending boolean NOT NULL DEFAULT FALSE",
                    "ALTER TABLE reviews_document DROP COLUMN text_pending",
                ),
            ],
        ),
        migrations.RunPython(invalidation.install, migrations.RunPython.noop),
    ]
