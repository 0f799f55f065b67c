"""Child side of the first-boot test: an unpaired screen, then pairing completing underneath.

Run as ``python -m tests.deploy.first_boot_driver spec.json`` under Xvfb (one App per
process). Snapshots "unpaired" (the pairing cover) and "paired" (after the enrolment file
appears, as sync/pairing.py writes it) go to the spec's out_dir with result.json.
"""
from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

from kivy.clock import Clock  # noqa: E402

from device.config import DeviceConfig, save_enrolment  # noqa: E402
from device.store import Store  # noqa: E402
from tests.ui.driver import snapshot  # noqa: E402

SETTLE_SECONDS = 2.5


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    out_dir = Path(spec["out_dir"])
    config = DeviceConfig(path=Path(spec_path), hub_url=spec["hub_url"], token="", public_key="",
                          store_path=Path(spec["store_path"]), kind=spec["app"])
    store = Store(config.store_path)
    store.set_meta("pairing_code", spec["code"])
    store.close()
    result: dict = {"snapshots": []}

    def app():
        from kivy.app import App
        return App.get_running_app()

    def unpaired(_dt):
        result["snapshots"].append(snapshot("unpaired", out_dir, app()))
        save_enrolment(config, "token-from-the-hub", spec["public_key"], "试点触摸屏")
        Clock.schedule_once(paired, SETTLE_SECONDS)

    def paired(_dt):
        result["snapshots"].append(snapshot("paired", out_dir, app()))
        app().stop()

    Clock.schedule_once(unpaired, SETTLE_SECONDS)
    try:
        if spec["app"] == "kiosk":
            from kiosk.app import run
        else:
            from display.app import run
        run(config, size=tuple(spec["size"]), fullscreen=False)
    except Exception:
        result["error"] = traceback.format_exc()
    (out_dir / "result.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    sys.exit(1 if "error" in result else 0)


if __name__ == "__main__":
    main(sys.argv[1])
