import json

from django.core.management.base import BaseCommand, CommandError

from reviews.transfer.content_io import ContentError
from reviews.transfer.importing import import_content


class Command(BaseCommand):
    help = (
        "Import content from a JSON file made by export_content. All or nothing; idempotent. A review or "
        "leaflet edited after the file was made, or withdrawn since, is left as it is unless --overwrite."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to import.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Apply the file even over later edits and withdrawals, and list what was overwritten.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Check the file and say what importing it would change, writing nothing.",
        )

    def handle(self, *args, file, overwrite=False, check=False, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}.") from None
        except RecursionError:
            raise CommandError(f"{file} nests lists and objects too deeply to be an export.") from None
        try:
            report = []
            changed = import_content(data, overwrite=overwrite, report=report, progress=self.told, check=check)
        except ContentError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        for line in report:
            self.stderr.write(line)
        if check:
            self.stderr.write(f"Checked {file}: importing it would change {changed} record(s). Nothing was written.")
        else:
            self.stderr.write(f"Imported {file}: {changed} record(s) changed.")

    def told(self, done, total):
        self.stderr.write(f"Reviews: {done} of {total} ({100 * done // max(total, 1)}%)")
