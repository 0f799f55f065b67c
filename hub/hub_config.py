"""The hub process's own configuration, from its environment (``/etc/gongkai/hub.env`` under
systemd, see docs/hub.md): settings about where the hub runs rather than how the district
works, which live in the database and the console (hub.feedback_settings)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .forwarded import Network, trusted_networks

PREFIX = "GONGKAI_HUB_"


@dataclass(frozen=True)
class HubConfig:
    trusted_proxies: tuple[Network, ...] = ()
    """Peers whose X-Forwarded-For is believed (hub.forwarded); none by default."""


def from_environ(environ: Mapping[str, str]) -> HubConfig:
    """The configuration in ``environ``; ValueError (naming the variable) for a bad value."""
    name = PREFIX + "TRUSTED_PROXIES"
    try:
        proxies = trusted_networks(environ.get(name, ""))
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
    return HubConfig(trusted_proxies=proxies)
