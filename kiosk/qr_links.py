"""Phone links behind the kiosk's QR codes, each with a fresh signed token (gongkai.qrtoken)
naming this kiosk and what it showed, so the hub can attribute what the phone sends and
refuse forged, expired or replayed codes. A kiosk not yet paired has no key: its links
carry no token and the hub treats them as any phone visit."""
from __future__ import annotations

from urllib.parse import quote

from kivy.app import App

from gongkai import qrtoken


def signed_url(path: str, subject: str) -> str:
    """``path`` on the hub's public address, with a token for ``subject`` (i45, c-dianti…)."""
    app = App.get_running_app()
    url = f"{app.settings.public_url}{path}"
    if not app.device.token:
        return url
    token = qrtoken.issue(qrtoken.device_token_hash(app.device.token), subject, app.now())
    return f"{url}{'&' if '?' in path else '?'}t={quote(token)}"
