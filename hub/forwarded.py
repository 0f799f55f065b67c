"""The client's own address when the hub sits behind a reverse proxy.

Rate limits (phone submissions, 举报, logins) count per client address. Behind nginx every
request arrives from the proxy, so the address has to come from X-Forwarded-For, but
only when the immediate peer is a proxy the hub was told to trust: anyone can send that
header, and believing it from anywhere else would let one client pose as many. uvicorn's
own proxy handling is switched off (hub.server), because it trusts loopback by default;
this module is the one place that decides.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_ADDRESS = 64
"""As long as an address column (hub.storage.db) holds."""


def trusted_networks(text: str) -> tuple[Network, ...]:
    """``"127.0.0.1, ::1, 10.0.0.0/8"`` as networks; ValueError names an entry that is neither."""
    found = []
    for entry in text.replace(",", " ").split():
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"not an address or network: {entry!r}") from None
    return tuple(found)


def is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    """Whether ``address`` is one of the proxies the hub was told to believe; anything unreadable is not."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """Who is asking: the peer itself unless it is trusted; else the rightmost hop of
    X-Forwarded-For that is not a trusted proxy.

    Each proxy appends the address it was reached from, so hops to the right were written
    by trusted proxies and the first untrusted one from the right is the last address no
    client could forge. Hops further left are whatever the client claimed.
    """
    if not is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, trusted):
            return hop[:MAX_ADDRESS]
    return hops[0][:MAX_ADDRESS] if hops else peer


class ForwardedClient:
    """ASGI middleware: rewrite the request's client address (and, from X-Forwarded-Proto,
    its scheme, which decides the Secure cookie flag) when the peer is a trusted proxy."""

    def __init__(self, app, trusted: Sequence[Network]):
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope, receive, send):
        client = scope.get("client")
        if scope["type"] == "http" and client and is_trusted(client[0], self.trusted):
            headers = [(name, value.decode("latin-1")) for name, value in scope["headers"]]
            forwarded = [value for name, value in headers if name == b"x-forwarded-for"]
            scheme = next((value.strip() for name, value in headers if name == b"x-forwarded-proto"), "")
            scope = {**scope, "client": (client_address(client[0], forwarded, self.trusted), 0)}
            if scheme in ("http", "https"):
                scope["scheme"] = scheme
        await self.app(scope, receive, send)
