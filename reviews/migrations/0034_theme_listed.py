"""A theme can be in the public vocabulary before any public review carries it
(``Theme.listed``), so a feed by it can be subscribed to in advance. The column is
added in place: a table rebuild on SQLite would trip the triggers that read themes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0033_document_text_read_by_worker"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="theme",
                    name="listed",
                    field=models.BooleanField(
                        default=False,
                        help_text="Listed and accepted by the theme filter before any public review carries it, so "
                        "people can subscribe in advance. Leave unticked for a theme that would say something about "
                        "a review still under embargo.",
                        verbose_name="in the public vocabulary",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE reviews_theme ADD COLUMN listed boolean NOT NULL DEFAULT FALSE",
                    "ALTER TABLE reviews_theme DROP COLUMN listed",
                ),
            ],
        ),
    ]
