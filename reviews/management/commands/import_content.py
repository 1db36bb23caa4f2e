import json

from django.core.management.base import BaseCommand, CommandError

from reviews.content_io import ContentError, import_content


class Command(BaseCommand):
    help = "Import content from a JSON file made by export_content. All or nothing; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to import.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}.") from None
        try:
            changed = import_content(data)
        except ContentError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        self.stderr.write(f"Imported {file}: {changed} record(s) changed.")
