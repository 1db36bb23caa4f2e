"""A rename is one change, ``moved``, naming the old address (``previous_id``) and
the new. The column is added in place: a table rebuild on SQLite would drop the
trigger on the changes log."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0034_theme_listed"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="change",
                    name="event",
                    field=models.CharField(
                        choices=[("published", "Published"), ("updated", "Updated"),
                                 ("document_added", "Document Added"), ("document_replaced", "Document Replaced"),
                                 ("archived", "Archived"), ("withdrawn", "Withdrawn"), ("deleted", "Deleted"),
                                 ("moved", "Moved")],
                        max_length=20,
                    ),
                ),
                migrations.AddField(
                    model_name="change",
                    name="previous_id",
                    field=models.CharField(blank=True, help_text="For moved: the slug it had until then.", max_length=120),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE reviews_change ADD COLUMN previous_id varchar(120) NOT NULL DEFAULT ''",
                    "ALTER TABLE reviews_change DROP COLUMN previous_id",
                ),
            ],
        ),
    ]
