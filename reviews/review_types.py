"""The kinds of review that safeguarding partnerships and boards publish
across the UK: what each is called, where it applies and under what law.

A review's nation follows from its type (a Welsh single unified safeguarding
review is Welsh wherever it is published); types that apply in more than one
nation name all of them.
"""

from dataclasses import dataclass

from django.db import models


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class ReviewType(models.TextChoices):
    SERIOUS_CASE_REVIEW = "serious_case_review", "Serious case review"
    PRACTICE_REVIEW = "practice_review", "Local child safeguarding practice review"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    NATIONAL_REVIEW = "national_review", "National child safeguarding practice review"
    SAFEGUARDING_ADULTS_REVIEW = "safeguarding_adults_review", "Safeguarding adults review"
    DOMESTIC_HOMICIDE_REVIEW = "domestic_homicide_review", "Domestic homicide review"
    CHILD_PRACTICE_REVIEW = "child_practice_review", "Child practice review"
    ADULT_PRACTICE_REVIEW = "adult_practice_review", "Adult practice review"
    SINGLE_UNIFIED_SAFEGUARDING_REVIEW = "single_unified_safeguarding_review", "Single unified safeguarding review"
    LEARNING_REVIEW = "learning_review", "Learning review"
    CASE_MANAGEMENT_REVIEW = "case_management_review", "Case management review"


@dataclass(frozen=True)
class About:
    nations: tuple
    subject: str  # "child", "adult" or "any"
    statutory_basis: str


E, W, S, NI = Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND
ABOUT = {
    ReviewType.SERIOUS_CASE_REVIEW: About(
        (E,), "child", "Local Safeguarding Children Boards Regulations 2006, regulation 5; replaced in 2019 by "
        "local child safeguarding practice reviews."),
    ReviewType.PRACTICE_REVIEW: About(
        (E,), "child", "Children Act 2004, section 16F (as inserted by the Children and Social Work Act 2017); "
        "Working Together to Safeguard Children."),
    ReviewType.RAPID_REVIEW: About(
        (E,), "child", "Working Together to Safeguard Children: due within 15 working days of a serious incident "
        "notification to the Child Safeguarding Practice Review Panel."),
    ReviewType.NATIONAL_REVIEW: About(
        (E,), "child", "Children Act 2004, section 16C: reviews by the Child Safeguarding Practice Review Panel."),
    ReviewType.SAFEGUARDING_ADULTS_REVIEW: About(
        (E,), "adult", "Care Act 2014, section 44."),
    ReviewType.DOMESTIC_HOMICIDE_REVIEW: About(
        (E, W), "any", "Domestic Violence, Crime and Victims Act 2004, section 9 (being renamed domestic abuse "
        "related death reviews)."),
    ReviewType.CHILD_PRACTICE_REVIEW: About(
        (W,), "child", "Social Services and Well-being (Wales) Act 2014; replaced from 1 October 2024 by the "
        "single unified safeguarding review."),
    ReviewType.ADULT_PRACTICE_REVIEW: About(
        (W,), "adult", "Social Services and Well-being (Wales) Act 2014; replaced from 1 October 2024 by the "
        "single unified safeguarding review."),
    ReviewType.SINGLE_UNIFIED_SAFEGUARDING_REVIEW: About(
        (W,), "any", "Single Unified Safeguarding Review guidance (Wales), from 1 October 2024, in place of child "
        "and adult practice reviews, domestic homicide and offensive weapon homicide reviews."),
    ReviewType.LEARNING_REVIEW: About(
        (S,), "any", "National Guidance for Child Protection in Scotland; Adult Support and Protection (Scotland) "
        "Act 2007 guidance."),
    ReviewType.CASE_MANAGEMENT_REVIEW: About(
        (NI,), "child", "Safeguarding Board Act (Northern Ireland) 2011 and its regulations."),
}  # fmt: skip


def types_in(nation):
    """The review types that apply in ``nation``."""
    return [kind.value for kind, about in ABOUT.items() if nation in about.nations]
