"""A review's themes as plain records, loaded for many reviews at once."""

from collections import namedtuple

from django.db import models

ThemeRecord = namedtuple("ThemeRecord", "slug name")


def attach_themes(reviews):
    """Give each review its themes as ``theme_list`` (records with a slug and
    a name, by name), in one query that makes no Theme objects: what every
    surface reads, at a fraction of the cost of prefetching them."""
    by_review = {review.pk: [] for review in reviews}
    if by_review:
        through = type(next(iter(reviews))).themes.through
        pairs = through.objects.filter(review_id__in=by_review).order_by("theme__name")
        for review_id, slug, name in pairs.values_list("review_id", "theme__slug", "theme__name"):
            by_review[review_id].append(ThemeRecord(slug, name))
    for review in reviews:
        review.theme_list = by_review[review.pk]
    return reviews


class WithThemes(models.query.ModelIterable):
    def __iter__(self):
        yield from attach_themes(list(super().__iter__()))
