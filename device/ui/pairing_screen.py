"""First boot: until an admin pairs this screen, it shows its pairing code and the hub it is
trying, in large Chinese text, over whatever the app would show.

The code comes from the sync service (sync/pairing.py keeps it in the store's meta
``pairing_code``); pairing ends when the enrolment file appears beside the store. The cover
then lifts by itself and content arrives as sync fills the store: nobody touches the device.
"""
from __future__ import annotations

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from device.config import ENROLMENT_FILE, DeviceConfig

from .kvfiles import load_kv

POLL_SECONDS = 2.0


class PairingScreen(FloatLayout):
    """The cover an unpaired screen shows: its pairing code and the hub it is trying."""

    code_text = StringProperty()
    hub_text = StringProperty()
    unit = NumericProperty(1)
    """One unit of type, set in the .kv from the window: the same screen fits a TV and an LED wall."""

    def show(self, code: str | None) -> None:
        """Show the pairing code, in two groups of three to read out, or that one is being requested."""
        self.code_text = f"{code[:3]} {code[3:]}" if code else "正在申请配对码…"

    def on_touch_down(self, touch) -> bool:
        """The app underneath stays out of reach until the screen is paired."""
        return True


def _paired(device: DeviceConfig) -> bool:
    return device.paired or (device.store_path.parent / ENROLMENT_FILE).exists()


def watch(app) -> None:
    """Cover ``app`` while its device is unpaired; lift the cover once pairing is done."""
    if _paired(app.device):
        return
    cover = PairingScreen(hub_text=f"平台地址：{app.device.hub_url}")
    Window.add_widget(cover)

    def poll(_dt) -> bool:
        if _paired(app.device):
            Window.remove_widget(cover)
            return False
        cover.show(app.store.meta("pairing_code"))
        return True

    poll(0)
    Clock.schedule_interval(poll, POLL_SECONDS)


load_kv(__file__)
