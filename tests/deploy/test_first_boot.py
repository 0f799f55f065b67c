"""First boot under Xvfb: an unpaired kiosk or display shows its pairing code and the hub it
tries in large Chinese text, tells systemd it is up and beats the watchdog from its UI
thread, and lifts the cover by itself once pairing completes."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys

import pytest

from gongkai import signing
from tests.ui.harness import REPO, SCREENSHOT_DIR, assert_not_blank, xvfb  # noqa: F401  (fixture)

HUB_URL = "https://hub.example.cn"

pytestmark = pytest.mark.ui


@pytest.mark.parametrize("app", ["kiosk", "display"])
def test_an_unpaired_screen_shows_its_code_then_lifts_the_cover_when_paired(xvfb, tmp_path, app):  # noqa: F811
    out_dir = tmp_path / "ui"
    out_dir.mkdir()
    key = signing.public_key_text(signing.Ed25519PrivateKey.generate())
    spec = {"app": app, "size": [1920, 1080], "store_path": str(tmp_path / "device.db"), "out_dir": str(out_dir),
            "hub_url": HUB_URL, "code": "482719", "public_key": key}
    (out_dir / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify.sock"))
    notify.settimeout(0.1)
    env = {**xvfb, "NOTIFY_SOCKET": str(tmp_path / "notify.sock"), "WATCHDOG_USEC": "1000000"}
    proc = subprocess.run([sys.executable, "-m", "tests.deploy.first_boot_driver", str(out_dir / "spec.json")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=90)
    result = json.loads((out_dir / "result.json").read_text(encoding="utf-8"))
    assert proc.returncode == 0 and "error" not in result, result.get("error", proc.stderr[-3000:])
    messages = []
    while True:
        try:
            messages.append(notify.recv(64).decode())
        except (TimeoutError, BlockingIOError):
            break
    notify.close()
    assert messages[0] == "READY=1" and messages.count("WATCHDOG=1") >= 2, messages

    unpaired, paired = result["snapshots"]
    texts = "".join(unpaired["texts"])
    assert "本终端尚未接入平台" in texts and "482 719" in texts and f"平台地址：{HUB_URL}" in texts
    assert_not_blank(unpaired["png"])
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(unpaired["png"], SCREENSHOT_DIR / f"{app}-first-boot-pairing.png")
    assert "482 719" not in "".join(paired["texts"]), "the cover stays after pairing"
