from django.core.management.base import BaseCommand

from reviews.seed import load_seed_content


class Command(BaseCommand):
    help = (
        "Create whatever is missing of the body's seed content and the clearly flagged sample review. "
        "Records that exist are never changed (editors' edits and withdrawals stay), so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-sample", action="store_true", help="Skip the sample review.")

    def handle(self, *args, no_sample=False, **options):
        changed = load_seed_content(with_sample=not no_sample)
        self.stderr.write(f"Seed content loaded: {changed} record(s) created.")
