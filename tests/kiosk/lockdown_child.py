"""Child side of test_lockdown: one kiosk per process, keys sent the way SDL2 sends them.

``python -m tests.kiosk.lockdown_child STORE locked|windowed`` prints one JSON line:
which keys reached a listener bound before the app (none should, locked down), what the
close request returned, and whether the app was still running on its home screen after.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")

from device.config import DeviceConfig  # noqa: E402
from device.ui.launch import launch  # noqa: E402
from tests.ui.harness import NOW  # noqa: E402

KEYS = {"Escape": (27, []), "Alt+F4": (285, ["alt"]), "F11": (292, []), "F12": (293, []),
        "Alt+Tab": (9, ["alt"]), "Ctrl+W": (119, ["ctrl"]), "Ctrl+Q": (113, ["ctrl"])}
"""What a passer-by (or a keyboard left plugged in) might press: (Kivy keycode, modifiers)."""


def press(window, keycode: int, modifiers: list[str]) -> None:
    """As kivy.core.window.window_sdl2 does: on_keyboard only if no on_key_down handler took the key."""
    if not window.dispatch("on_key_down", keycode, 0, None, modifiers):
        window.dispatch("on_keyboard", keycode, 0, None, modifiers)
    window.dispatch("on_key_up", keycode, 0)


def app_class(result: dict):
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.navigation import KioskApp

    def heard(_window, keycode, *_args):
        result["heard"].append(keycode)
    # Bound before the app binds its own handlers, so it hears only keys the app let through.
    Window.bind(on_key_down=heard, on_keyboard=heard)

    class Probe(KioskApp):
        def on_start(self):
            super().on_start()
            Clock.schedule_once(self.send_keys, 1.0)

        def send_keys(self, _dt):
            for keycode, modifiers in KEYS.values():
                press(Window, keycode, modifiers)
            result["close_vetoed"] = bool(Window.dispatch("on_request_close", source="keyboard"))
            Clock.schedule_once(self.look, 1.0)

        def look(self, _dt):
            from kivy.app import App
            result["running"] = App.get_running_app() is self
            result["screen"] = self.screens.current
            print("RESULT " + json.dumps(result), flush=True)
            self.lockdown = False
            self.stop()

    return Probe


def main(store_path: str, mode: str) -> None:
    result: dict = {"heard": []}
    config = DeviceConfig(path=Path(store_path), hub_url="http://127.0.0.1:9", token="-", public_key="-",
                          store_path=Path(store_path), name="禾丰社区党群服务中心")
    launch(config, lambda: app_class(result), size=(1920, 1080), fullscreen=mode == "locked", clock=lambda: NOW)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
