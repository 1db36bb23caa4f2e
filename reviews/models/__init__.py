"""The content: publishing bodies and their reviews, the reviews' documents,
leaflets, contacts, themes and agencies.

Visibility is decided in ``reviews.publication``; models only keep the
stored facts (including the derived ``available_until``) in step.
"""

from reviews.models.bodies import (
    LICENCE_URLS,
    AgeBand,
    Agency,
    Body,
    Contact,
    DatePrecision,
    Sex,
    Theme,
    take_default_body,
)
from reviews.models.bookkeeping import (
    Announcement,
    AuditEntry,
    Change,
    ContentVersion,
    FormerSlug,
    PendingChange,
    Representation,
)
from reviews.models.documents import Document
from reviews.models.leaflets import Leaflet, LeafletItem, LeafletSection
from reviews.models.reviews import REVIEW_LONG_COLUMNS, RelatedReview, Review, Reviewer, ReviewManager, Withdrawable

__all__ = [
    "LICENCE_URLS",
    "DatePrecision",
    "AgeBand",
    "Sex",
    "Contact",
    "Body",
    "take_default_body",
    "Theme",
    "Agency",
    "Withdrawable",
    "REVIEW_LONG_COLUMNS",
    "ReviewManager",
    "Review",
    "Reviewer",
    "RelatedReview",
    "Leaflet",
    "LeafletSection",
    "LeafletItem",
    "Document",
    "FormerSlug",
    "Representation",
    "ContentVersion",
    "PendingChange",
    "Announcement",
    "Change",
    "AuditEntry",
]
