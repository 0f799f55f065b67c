"""The screen's real session: the ExecStart of deploy/systemd/gongkai-screen.service run as
written, the cage Wayland kiosk compositor with the app fullscreen inside it, and the screen
read back with grim.

As on a device, the app runs as an unprivileged account (cage refuses root) from a
virtualenv of the system's Python, installed from the wheelhouse. With no GPU here, cage
draws into a window of an Xvfb (wlroots' X11 backend; its headless backend stops repainting
under the pixman renderer of Debian 12's wlroots). The session gets a mount and network
namespace of its own so that its X servers cannot meet those of other tests.
"""
from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from device.store import Store
from sync.feed import sync_once
from tests.deploy.conftest import REPO
from tests.ui.harness import SCREENSHOT_DIR, assert_not_blank

UNIT = REPO / "deploy" / "systemd" / "gongkai-screen.service"
SYSTEM_PYTHON = "/usr/bin/python3"
NOBODY = 65534

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not all(shutil.which(t) for t in ("cage", "grim", "Xwayland", "Xvfb", "unshare", "setpriv"))
    or not Path(SYSTEM_PYTHON).exists(),
    reason="needs root, cage, grim and Xwayland (scripts/setup.sh test installs them) and Debian's python3")


SESSION = """
mount -t tmpfs none /tmp/.X11-unix
Xvfb -displayfd 3 -screen 0 1280x720x24 -nolisten tcp 3>"$DISPLAY_FILE" 2>/dev/null &
while [ ! -s "$DISPLAY_FILE" ]; do sleep 0.1; done
chmod 777 /tmp/.X11-unix/*
DISPLAY=:$(cat "$DISPLAY_FILE") "$@"
"""
"""Run in the session's own namespaces: an Xvfb for cage to draw into, then cage as given."""


def unit_session() -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart as argv and its Environment= settings."""
    command, env = None, {}
    for line in UNIT.read_text().splitlines():
        if line.startswith("ExecStart="):
            command = shlex.split(line.removeprefix("ExecStart="))
        elif line.startswith("Environment="):
            env.update(pair.split("=", 1) for pair in shlex.split(line.removeprefix("Environment=")))
    return command, env


@pytest.fixture(scope="module")
def device_venv(tmp_path_factory, wheelhouse) -> Path:
    """The app in a virtualenv of Debian's Python, readable by the screen's account."""
    venv = tmp_path_factory.mktemp("release") / "venv"
    subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "--no-index", "--find-links", str(wheelhouse), "gongkai[device]"], check=True, timeout=900)
    for path in [venv, *venv.parents]:
        if path == Path("/"):
            break
        path.chmod(path.stat().st_mode | 0o005)
    return venv


def grab(runtime: Path, png: Path) -> bool:
    """cage's output as a PNG, read by its own account (grim writes it to stdout)."""
    result = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "grim", "-"],
                            env={"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": "wayland-0",
                                 "PATH": os.environ["PATH"]}, capture_output=True)
    if result.returncode != 0 or not result.stdout:
        return False
    png.write_bytes(result.stdout)
    return True


def test_the_units_session_shows_the_kiosk_fullscreen_in_cage(hub, tmp_path, device_venv):
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    for path in (home, runtime):
        path.mkdir(mode=0o700)
    tmp_path.chmod(0o755)
    config = hub.device_config()
    store = Store(config.store_path)
    sync_once(config, store)
    store.close()
    shutil.copy(hub.device_config_path, home / "device.toml")
    shutil.copy(config.store_path, home / "device.db")
    for path in [home, runtime, *home.iterdir()]:
        os.chown(path, NOBODY, NOBODY)

    command, unit_env = unit_session()
    assert command[:3] == ["/usr/bin/cage", "-d", "--"]
    app = [word.replace("/opt/gongkai/current/venv", str(device_venv)).replace("${GONGKAI_APP}", "kiosk")
               .replace("/etc/gongkai/device.toml", str(home / "device.toml")) for word in command[3:]]
    env = {**unit_env, "PATH": os.environ["PATH"], "HOME": str(home), "KIVY_HOME": str(home),
           "XDG_RUNTIME_DIR": str(runtime), "WLR_BACKENDS": "x11", "WLR_RENDERER": "pixman",
           "WLR_LIBINPUT_NO_DEVICES": "1", "DISPLAY_FILE": str(tmp_path / "display")}
    session = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "cage", "-d", "--", *app]
    cage = subprocess.Popen(["unshare", "--mount", "--net", "sh", "-c", SESSION, "session", *session],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    png = SCREENSHOT_DIR / "cage-kiosk.png"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and cage.poll() is None:
            time.sleep(2)
            if grab(runtime, png) and _filled(png):
                break
        assert cage.poll() is None, f"the session ended: {cage.communicate()[0][-3000:]}"
    finally:
        os.killpg(cage.pid, signal.SIGTERM)
        log = cage.communicate(timeout=30)[0]
    assert_not_blank(png)
    assert _filled(png), f"the app does not fill cage's output: see {png}\n{log[-3000:]}"


def _filled(png: Path) -> bool:
    """Fullscreen: the app's own background reaches every corner (cage's is black)."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        w, h = rgb.size
        corners = [rgb.getpixel((x, y)) for x in (2, w - 3) for y in (2, h - 3)]
    return all(sum(pixel) > 60 for pixel in corners)
