"""Each body's content licence (``Body.licence``): new bodies default to the Open
Government Licence v3.0; bodies already recorded say nothing until an editor
chooses. The column is added in place: a table rebuild on SQLite would trip the
triggers that read bodies."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0035_change_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="body",
                    name="licence",
                    field=models.CharField(
                        blank=True,
                        choices=[("ogl-3.0", "Open Government Licence v3.0"),
                                 ("cc-by-4.0", "Creative Commons Attribution 4.0"),
                                 ("", "Not stated: all rights reserved")],
                        default="ogl-3.0",
                        help_text="The licence its reviews, documents and leaflets are published under; public "
                        "bodies are expected to use the Open Government Licence. Bodies recorded before this was "
                        "asked say nothing until an editor chooses.",
                        max_length=20,
                        verbose_name="content licence",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE reviews_body ADD COLUMN licence varchar(20) NOT NULL DEFAULT ''",
                    "ALTER TABLE reviews_body DROP COLUMN licence",
                ),
            ],
        ),
    ]
