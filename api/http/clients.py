"""Who is asking: the client's address, as every limit counts it.

Behind ``TRUSTED_PROXY_DEPTH`` reverse proxies, ``REMOTE_ADDR`` is the nearest
proxy's address — the same for every client — and the client's own address is
in ``X-Forwarded-For``, which each proxy extends with the address it was
reached from. Only the entries our own proxies added can be believed: the one
``depth`` places from the right. Anything to its left came from the client and
may be forged. The API's rate limit and the admin's sign-in lockout both ask
here, so one setting makes both right.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    depth = settings.TRUSTED_PROXY_DEPTH
    if depth == 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < depth:
        return remote  # it did not come through our proxies
    try:
        return str(ipaddress.ip_address(hops[-depth]))
    except ValueError:
        return remote
