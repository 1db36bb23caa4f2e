"""Where a webhook may be sent: public addresses only, checked when an endpoint
is registered and again, by the address actually connected to, at each
delivery (a name that resolved to a public address yesterday may resolve to
127.0.0.1 today). ``WEBHOOKS_ALLOW_LOCAL_HTTP`` lets loopback through, for
trials on one machine; nothing lets a private, link-local (the cloud metadata
service at 169.254.169.254), multicast or reserved address through.
"""

import http.client
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class Refused(Exception):
    """An address a webhook may not be sent to, and why."""


def _allowed(address):
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return settings.WEBHOOKS_ALLOW_LOCAL_HTTP
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_unspecified)


def resolve(url):
    """(scheme, host, port, the first public address the host resolves to);
    ``Refused`` if any address it resolves to is not public, or none does."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("its port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise Refused("it names no host")
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"{parts.hostname} could not be resolved ({error})") from None
    addresses = [info[4][0] for info in found]
    refused = [address for address in addresses if not _allowed(address)]
    if refused:
        raise Refused(f"{parts.hostname} resolves to {refused[0]}, which is not a public address")
    return parts.scheme, parts.hostname, port, addresses[0]


def connection(url, timeout):
    """An HTTP(S) connection to ``url``'s host, made to the address checked
    here and no other; TLS still checks the certificate against the host's
    name. (http.client follows no redirects: a 3xx is an answer like any other.)"""
    scheme, host, port, address = resolve(url)
    kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    made = kind(host, port, timeout=timeout)
    made._create_connection = lambda _, *args: socket.create_connection((address, port), *args)
    return made
