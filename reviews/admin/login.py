"""The admin's sign-in lockout (django-axes, configured in settings): which
username a failed attempt counts against."""

import unicodedata


def normalised_username(request, credentials=None):
    """The username as Django's sign-in form normalises it (NFKC), then
    case-folded: "ｅditor" and "𝐞𝐝𝐢𝐭𝐨𝐫" sign in as "editor", so they count as
    "editor" too, and "EDITOR" with them."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return unicodedata.normalize("NFKC", (username or "").strip()).casefold()
