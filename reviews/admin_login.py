"""The admin's login, throttled: after repeated failures for one username or
from one address, further attempts are refused for a while, right or wrong."""

import unicodedata

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError


class ThrottledAuthenticationForm(AdminAuthenticationForm):
    def _keys(self):
        # As Django's sign-in form normalises it (NFKC), then case-folded: "ｅditor"
        # and "𝐞𝐝𝐢𝐭𝐨𝐫" sign in as "editor", so they count as "editor" too.
        username = unicodedata.normalize("NFKC", (self.data.get("username") or "").strip()).casefold()
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        return [f"admin-login-failures:user:{username}", f"admin-login-failures:address:{address}"]

    def clean(self):
        keys = self._keys()
        limit, lockout = settings.ADMIN_LOGIN_MAX_FAILURES, settings.ADMIN_LOGIN_LOCKOUT_SECONDS
        if any((cache.get(key) or 0) >= limit for key in keys):
            raise ValidationError(
                f"Too many failed sign-in attempts. Try again in {lockout // 60} minutes.", code="locked"
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            for key in keys:
                if not cache.add(key, 1, timeout=lockout):
                    cache.incr(key)
            raise
        cache.delete(keys[0])
        return cleaned
