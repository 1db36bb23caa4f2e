"""Bounds on what editors and imports may store, checked by forms and by
``full_clean`` (the admin and ``import_content`` both use it), so a value that
would break a surface — a list field holding a number, a date in year 9999 —
is a form error naming the field, never a 500 later."""

import re

from django.core.exceptions import ValidationError

EARLIEST_YEAR, LATEST_YEAR = 1900, 2999  # the API's own date range (api.http.filters)
LONGEST_ITEM = 4000
LONGEST_WINDOW_MONTHS = 600


def within_supported_years(value):
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            "Give a date between %(earliest)s and %(latest)s.",
            code="out_of_range",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def list_of_text(value):
    """A JSON list of non-empty strings, e.g. ["Share information early."]."""
    if not isinstance(value, list):
        raise ValidationError('Give a list of text, e.g. ["First point.", "Second point."].', code="not_a_list")
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            raise ValidationError("Item %(position)s is not text.", code="not_text", params={"position": position})
        if len(item) > LONGEST_ITEM:
            raise ValidationError(
                "Item %(position)s is longer than %(longest)s characters.",
                code="too_long",
                params={"position": position, "longest": LONGEST_ITEM},
            )


# What XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets): C0 controls but
# tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text):
    """``text`` without what XML 1.0 forbids: a vertical tab or a form feed (what
    a Word line or page break becomes when pasted) becomes a new line, the rest
    is dropped. A feed with one such character cannot be written at all."""
    if not isinstance(text, str) or not NOT_IN_XML.search(text):
        return text
    return NOT_IN_XML.sub(lambda found: "\n" if found.group() in "\x0b\x0c" else "", text)


def clean_text_of(instance):
    """Every text of ``instance`` (its text columns and lists of text) made XML-safe."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, xml_safe(value))
        elif isinstance(value, list):
            setattr(instance, field.attname, [xml_safe(item) for item in value])


ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$")


def origins(value):
    """Web origins, one per line: https://www.example.gov.uk (no path)."""
    for line in value.split():
        if not ORIGIN.match(line):
            raise ValidationError(
                "%(line)s is not a web origin: give the scheme and host only, e.g. https://www.example.gov.uk.",
                code="not_an_origin",
                params={"line": line},
            )
