"""What the feeds keep of their own: the addresses a WebSub hub is told about."""

from django.db import models


class FeedTopic(models.Model):
    """A feed address (with its filters) that was served while a hub was
    advertised: a subscriber may have asked the hub to push it, so the hub is
    told when it may have changed (``feeds.websub``)."""

    url = models.URLField(max_length=2000, unique=True)
    first_served_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-first_served_at", "-pk"]

    def __str__(self):
        return self.url
