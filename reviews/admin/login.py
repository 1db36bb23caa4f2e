"""The admin's sign-in lockout (django-axes, configured in settings): which
username a failed attempt counts against."""

import unicodedata

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt


def normalised_username(request, credentials=None):
    """The username as Django's sign-in form normalises it (NFKC), then
    case-folded: "ｅditor" and "𝐞𝐝𝐢𝐭𝐨𝐫" sign in as "editor", so they count as
    "editor" too, and "EDITOR" with them."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return unicodedata.normalize("NFKC", (username or "").strip()).casefold()


class OwnAttemptsHandler(AxesDatabaseHandler):
    """A successful sign-in clears that account's failures only. Axes' own
    reset clears every attempt the lockout counts, the address's too: one
    editor signing in emptied the count of guesses at another's password
    made from the same address."""

    def reset_user_attempts(self, request, credentials=None):
        count, _ = AccessAttempt.objects.filter(username=normalised_username(request, credentials)).delete()
        return count
