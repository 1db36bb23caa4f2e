"""Response examples for the OpenAPI description, taken from the seed
content (the board's page and leaflet), so a developer sees real shapes."""

from api.http.schema import EXAMPLE_BASE
from reviews.review_types import ABOUT, ReviewType

BASE = EXAMPLE_BASE

SAFEGUARDING_UNIT = {
    "slug": "safeguarding-unit", "name": "Safeguarding Unit", "organisation": "", "address": "",
    "telephone": "", "textphone": "", "fax": "", "email": "", "website": "",
}  # fmt: skip

MANAGER = {
    "slug": "performance-and-development-manager",
    "name": "Performance and Development Manager",
    "organisation": "Local Safeguarding Children Board",
    "address": "Sanderling Building, Birdhall Lane, Cheadle Heath,\nStockport SK3 0RF",
    "telephone": "0161 474 5974",
    "textphone": "",
    "fax": "0161 491 0654",
    "email": "eds.admin@stockport.gov.uk",
    "website": "http://www.safeguardingchildreninstockport.org.uk",
}

PIP_REPORT = {
    "id": 3,
    "url": f"{BASE}/api/v1/documents/3/",
    "review": "pip",
    "leaflet": None,
    "kind": "full_report",
    "kind_label": "Full report",
    "title": "Report for Pip – August 2017",
    "audience": "public",
    "language": "en",
    "content_type": "application/pdf",
    "size_bytes": None,
    "stated_size": "1.2 MB",
    "page_count": None,
    "sha256": "",
    "text": "",
    "meets_accessibility_standards": False,
    "alternative_format_contact": None,
    "published_at": "2017-08-01T00:00:00+01:00",
    "document_date": None,
    "download_url": None,
    "updated_at": "2026-11-23T10:00:00+00:00",
}

STOCKPORT = {
    "slug": "stockport-safeguarding-children-board",
    "url": f"{BASE}/api/v1/bodies/stockport-safeguarding-children-board/",
    "name": "Stockport Safeguarding Children Board",
    "short_name": "SSCB",
    "kind": "children_partnership",
    "nation": "england",
    "is_sample": False,
}

PIP = {
    "uid": "3f1c9a52-8d3e-4b7a-9c41-5e2d7b6a0f18",
    "slug": "pip",
    "url": f"{BASE}/api/v1/reviews/pip/",
    "body": STOCKPORT,
    "title": "Pip",
    "type": "serious_case_review",
    "type_label": "Serious case review",
    "nations": ["england"],
    "incident": "death",
    "summary": "Stockport’s Safeguarding Children Board commissioned an independent Serious Case Review to "
    "identify learning and improvements in relation to the circumstances of Pip’s death.",
    "published": "2017-08",
    "published_precision": "month",
    "published_label": "August 2017",
    "published_at": "2017-08-01T00:00:00+01:00",
    "status": "archived",
    "lifecycle": "archived",
    "available_until": "2018-02-01T00:00:00Z",
    "themes": [{"slug": "eating-disorders", "name": "eating disorders"}],
    "is_sample": False,
    "match": None,
    "documents_url": f"{BASE}/api/v1/documents/?review=pip&status=all",
    "feed_url": f"{BASE}/feeds/publications.atom?review=pip",
    "updated_at": "2026-11-23T10:00:00+00:00",
}

PIP_DETAIL = {
    **PIP,
    "statutory_basis": ABOUT[ReviewType.SERIOUS_CASE_REVIEW].statutory_basis,
    "publication": {
        "form": "report",
        "label": "Report published in full",
        "reason": "",
        "reason_label": "",
        "expected": None,
    },
    "on_request": {"contact": SAFEGUARDING_UNIT, "request_url": ""},
    "incident_month": None,
    "subject_age_band": "",
    "subject_sex": "",
    "notified_on": None,
    "rapid_review_on": None,
    "completed_on": None,
    "sent_to_panel_on": None,
    "external_reference": "",
    "agencies": [],
    "related_reviews": [],
    "commissioned": None,
    "commissioned_precision": "day",
    "reviewers": [{"name": "Peter Maddocks", "role": "Independent reviewer", "lead": False}],
    "review_method": "",
    "key_learning": [],
    "recommendations": [],
    "chair_statement": {
        "text": "Our heartfelt sympathies are extended to Pip’s family and friends for their tragic loss.",
        "date": None,
        "signatory": "Gill Frame, Independent chair of Stockport Safeguarding Children Board",
    },
    "contact": SAFEGUARDING_UNIT,
    "documents": [PIP_REPORT],
    "licence": {"code": "", "name": "Not stated: all rights reserved", "url": None},
    "citation": f"Stockport Safeguarding Children Board (2017) Pip: serious case review. Available at: "
    f"{BASE}/api/v1/reviews/pip/",
}

LEAFLET = {
    "uid": "9b2e4d71-0a6c-4f3e-8d15-c7a2e9b40d63",
    "slug": "serious-case-review-information-for-parents-and-carers",
    "url": f"{BASE}/api/v1/leaflets/serious-case-review-information-for-parents-and-carers/",
    "body": STOCKPORT,
    "html_url": f"{BASE}/api/v1/leaflets/serious-case-review-information-for-parents-and-carers/?format=html",
    "title": "Serious Case Review",
    "subtitle": "Information for parents and carers",
    "audience": "Parents and carers",
    "reference_code": "C140",
    "published": "2010-03",
    "published_precision": "month",
    "published_label": "March 2010",
    "published_at": "2010-03-01T00:00:00Z",
    "publisher": "Stockport Metropolitan Borough Council",
    "sections": [
        {
            "heading": "Introduction",
            "items": [
                "When a child dies unexpectedly the Stockport Local Safeguarding Children Board is required to "
                "undertake a Serious Case Review",
                "This leaflet has been designed to explain what happens and support we offer.",
            ],
        }
    ],
    "contacts": [MANAGER],
    "interpreting_service": {
        "text": "A free interpreting service is available if you need help with this booklet / leaflet. "
        "Please telephone Stockport Interpreting Unit on 0161 477 9000",
        "contact": None,
    },
    "alternative_formats": {
        "formats": ["large print", "audio tape", "Braille", "disk"],
        "how_to_ask": "If you would like it in large print, on audio tape, in Braille or on disk please contact "
        "0161 474 4813 (textphone 0161 474 4619)",
        "contact": None,
    },
    "documents": [],
    "updated_at": "2026-11-23T10:00:00+00:00",
}

INDEX = {
    "board": {
        "name": "Stockport Safeguarding Children Board",
        "short_name": "SSCB",
        "independent_chair": "Gill Frame",
        "website": "http://www.safeguardingchildreninstockport.org.uk",
        "availability_months": 6,
        "archive_contact": SAFEGUARDING_UNIT,
    },
    "bodies": f"{BASE}/api/v1/bodies/",
    "reviews": f"{BASE}/api/v1/reviews/",
    "documents": f"{BASE}/api/v1/documents/",
    "leaflets": f"{BASE}/api/v1/leaflets/",
    "contacts": f"{BASE}/api/v1/contacts/",
    "themes": f"{BASE}/api/v1/themes/",
    "agencies": f"{BASE}/api/v1/agencies/",
    "changes": f"{BASE}/api/v1/changes/",
    "feeds": {
        "atom": f"{BASE}/feeds/publications.atom",
        "rss": f"{BASE}/feeds/publications.rss",
        "json": f"{BASE}/feeds/publications.json",
    },
    "exports": {"jsonl": f"{BASE}/api/v1/exports/reviews.jsonl", "csv": f"{BASE}/api/v1/exports/reviews.csv"},
    "schema": f"{BASE}/api/schema/",
    "docs": f"{BASE}/api/docs/",
}

THEME = {
    "slug": "eating-disorders",
    "name": "eating disorders",
    "description": "Anorexia, bulimia and other eating disorders, and how services respond to them.",
    "synonyms": ["anorexia", "bulimia"],
}

BODY = {
    **STOCKPORT,
    "kind_label": "Safeguarding children partnership (or board)",
    "area": "Stockport",
    "independent_chair": "Gill Frame",
    "website": "http://www.safeguardingchildreninstockport.org.uk",
    "about": "Stockport SSCB conducts formal reviews of serious child abuse cases in accordance with central "
    "government guidance contained in Working Together to Safeguard Children.",
    "availability_months": 6,
    "archive_contact": SAFEGUARDING_UNIT,
    "request_url": "",
    "licence": {"code": "", "name": "Not stated: all rights reserved", "url": None},
    "contacts": [SAFEGUARDING_UNIT],
    "reviews_url": f"{BASE}/api/v1/reviews/?body=stockport-safeguarding-children-board&status=all",
    "feed_url": f"{BASE}/feeds/publications.atom?body=stockport-safeguarding-children-board",
    "updated_at": "2026-11-23T10:00:00+00:00",
}

AGENCY = {"slug": "health-visiting", "name": "Health visiting",
          "description": "Health visitors and school nurses (0-19 public health nursing)."}  # fmt: skip
