from django.core.management.base import BaseCommand

from reviews.seed import load_seed_content


class Command(BaseCommand):
    help = "Load the board's seed content and a clearly flagged sample review. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--no-sample", action="store_true", help="Skip the sample review.")

    def handle(self, *args, no_sample=False, **options):
        changed = load_seed_content(with_sample=not no_sample)
        self.stderr.write(f"Seed content loaded: {changed} record(s) changed.")
