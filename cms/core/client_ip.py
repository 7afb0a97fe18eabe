"""The visitor's address, read the same way by every lockout and rate limit.

``X-Forwarded-For`` is believed only behind ``PROXY_COUNT`` proxies of our own, and then only the
entry our outermost proxy wrote: each proxy appends the address it was contacted from, so what
comes before it is whatever the client chose to send. django-axes (AXES_CLIENT_IP_CALLABLE),
allauth (``cms.users.adapter``) and django-ratelimit keys all read it from here; if they read it
differently, one of them would count every visitor as the proxy, or believe a made-up header.
"""

import ipaddress

from django.conf import settings

# An IPv6 host usually holds a whole /64: counting its addresses one by one would give it 2**64
# fresh starts. Throttles count the network instead.
IPV6_THROTTLE_PREFIX = 64


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request) -> str | None:
    """The client's address: the one our proxies saw, else the one that connected to us."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= proxies:
            address = _address(forwarded[-proxies])
            if address is not None:
                return str(address)
    address = _address(request.META.get("REMOTE_ADDR"))
    return str(address) if address is not None else None


def client_throttle_address(request) -> str | None:
    """What lockouts and rate limits count by: the client's address, its /64 for IPv6."""
    address = _address(client_ip(request))
    if address is None:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network(f"{address}/{IPV6_THROTTLE_PREFIX}", strict=False)
        return str(network.network_address)
    return str(address)


def client_ip_key(group, request) -> str:
    """``client_throttle_address`` as a django-ratelimit ``key``."""
    return client_throttle_address(request) or ""
