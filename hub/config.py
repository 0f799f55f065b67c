"""The hub process's own configuration, from its environment (``/etc/gongkai/hub.env`` under
systemd, see docs/hub.md): settings about where the hub runs rather than how the district
works, which live in the database and the console (hub.feedback.settings)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .forwarded import Network, trusted_networks

PREFIX = "GONGKAI_HUB_"
SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
VARIABLES = {
    "TRUSTED_PROXIES": "proxies whose X-Forwarded-For is believed, e.g. 127.0.0.1,::1 (default: none)",
    "PUBLIC_URL": "the console's address as staff reach it, for links in e-mail",
    "SMTP_HOST": "mail server for deadline reminders (default: none, reminders in the console only)",
    "SMTP_SECURITY": "starttls, ssl or none (default: starttls)",
    "SMTP_PORT": "mail server port (default: 587, 465 for ssl, 25 for none)",
    "SMTP_FROM": "the reminders' sender address",
    "SMTP_USER": "mail server login",
    "SMTP_PASSWORD": "mail server password",
}
"""The environment variables the hub reads (after PREFIX), for ``gongkai hub --help``."""


@dataclass(frozen=True)
class SmtpConfig:
    """The mail server deadline reminders go out through (hub.mailer)."""

    host: str
    sender: str
    port: int = 587
    security: str = "starttls"      # starttls | ssl | none
    username: str = ""
    password: str = ""


@dataclass(frozen=True)
class HubConfig:
    """Where and how this hub process runs: the proxies it trusts, the mail server for reminders, its public address."""

    trusted_proxies: tuple[Network, ...] = ()
    """Peers whose X-Forwarded-For is believed (hub.forwarded); none by default."""
    smtp: SmtpConfig | None = None
    """None: reminders are shown in the console only."""
    public_url: str = ""
    """The console's address as staff reach it (https://hub.example.cn), for links in e-mail."""


def from_environ(environ: Mapping[str, str]) -> HubConfig:
    """The configuration in ``environ``; ValueError (naming the variable) for a bad value."""
    def get(name: str, default: str = "") -> str:
        return environ.get(PREFIX + name, default).strip()

    try:
        proxies = trusted_networks(get("TRUSTED_PROXIES"))
    except ValueError as exc:
        raise ValueError(f"{PREFIX}TRUSTED_PROXIES: {exc}") from None
    return HubConfig(trusted_proxies=proxies, smtp=_smtp(get), public_url=get("PUBLIC_URL").rstrip("/"))


def _smtp(get) -> SmtpConfig | None:
    host = get("SMTP_HOST")
    if not host:
        return None
    security = get("SMTP_SECURITY", "starttls")
    if security not in SECURITY_PORTS:
        raise ValueError(f"{PREFIX}SMTP_SECURITY: one of {', '.join(SECURITY_PORTS)}, not {security!r}")
    port = get("SMTP_PORT", str(SECURITY_PORTS[security]))
    if not port.isdigit():
        raise ValueError(f"{PREFIX}SMTP_PORT: a port number, not {port!r}")
    sender = get("SMTP_FROM")
    if "@" not in sender:
        raise ValueError(f"{PREFIX}SMTP_FROM: the sender's address, e.g. dwgk@nanhu.example.cn")
    return SmtpConfig(host=host, sender=sender, port=int(port), security=security,
                      username=get("SMTP_USER"), password=get("SMTP_PASSWORD"))
