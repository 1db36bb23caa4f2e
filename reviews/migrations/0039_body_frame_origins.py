"""The sites that may frame a body's review pages (``Body.frame_origins``). The
column is added in place: a table rebuild on SQLite would trip the triggers that
read bodies."""

from django.db import migrations, models

import reviews.validators


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0038_pending_change_written_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="body",
                    name="frame_origins",
                    field=models.TextField(
                        blank=True,
                        help_text="Web origins, one per line (https://www.example.gov.uk), whose pages may show "
                        "this body's review pages in a frame. Empty: none may.",
                        validators=[reviews.validators.origins],
                        verbose_name="sites that may frame its review pages",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE reviews_body ADD COLUMN frame_origins text NOT NULL DEFAULT ''",
                    "ALTER TABLE reviews_body DROP COLUMN frame_origins",
                ),
            ],
        ),
    ]
