import json

from django.core.management.base import BaseCommand

from reviews.transfer.content_io import export_content


class Command(BaseCommand):
    help = "Write all content (board, contacts, themes, reviews, documents, leaflets) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the JSON; '-' for standard output.")
        parser.add_argument(
            "--history",
            action="store_true",
            help="Include the audit trail and the changes log (restored by import_content into a database without "
            "its own).",
        )

    def handle(self, *args, file, history=False, **options):
        text = json.dumps(export_content(history=history), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        if file == "-":
            self.stdout.write(text, ending="")
            return
        with open(file, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stderr.write(f"Exported content to {file}.")
