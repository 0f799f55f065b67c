"""监督直通车 on the kiosk (六.4): the supervisors, hotline and e-mail of this kiosk's org and
the orgs above it, as kept on the hub, with a QR code to write to them from a phone."""
from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from device.ui.kvfiles import load_kv
from gongkai.domain.orgtree import ancestors

from .qr_links import signed_url


class SupervisionScreen(Screen):
    """监督直通车: the published contacts of this kiosk's org and the orgs above it, and a QR code."""

    listing = StringProperty()
    qr_url = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        """Entering the screen: the contacts as the store has them now."""
        self.refresh()

    def refresh(self) -> None:
        """List the contacts of the kiosk's org and the orgs above it (every org's while its own is unknown)."""
        app = App.get_running_app()
        orgs = app.store.orgs()
        own = app.settings.org_id
        near = {own, *ancestors(orgs, own)} if own in orgs else set(orgs)
        contacts = [c for c in app.store.contacts() if c.org_id in near]
        self.listing = "\n".join(
            f"{c.kind.label}　{c.name}　{c.value}" + (f"（{c.note}）" if c.note else "")
            + f"\n{orgs[c.org_id].name if c.org_id in orgs else ''}" for c in contacts) or "暂无公布的监督渠道"
        self.qr_url = signed_url("/m/jiandu", "c-jiandu")


load_kv(__file__)
