"""Parent side of the UI tests: a virtual X server, scenario runs, and screenshot checks.

Each scenario runs the real app in its own process (Kivy allows one App per process)
through tests.ui.driver, against a real store file the test built, with "now" pinned.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from gongkai.domain.linebreak import violations

REPO = Path(__file__).resolve().parents[2]
ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 26, 10, 30, tzinfo=ZONE)
DEVICE_NAME = "禾丰社区党群服务中心"
LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
SCENARIO_TIMEOUT = 240
"""The backstop for an app whose Clock stopped: a scenario that stops making progress is failed
sooner by its driver's watchdog (tests.ui.driver), however many steps it has."""
SCREENSHOT_DIR = REPO / "tests" / "screenshots"
"""Where screenshots are kept after a run, for people to look at (git-ignored)."""


@pytest.fixture(scope="session")
def xvfb():
    """A virtual X server for the session; yields the environment that points at it.

    Without Xvfb the UI tests are skipped on a developer machine but fail in CI
    (CI=true), where a skipped UI test would pass for a tested one.
    """
    binary = shutil.which("Xvfb")
    if binary is None:
        message = "Xvfb is not installed (apt-get install xvfb); UI tests need a virtual X server"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", "1920x1920x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = pipe.readline().strip()
    if not display:
        server.kill()
        pytest.fail("Xvfb did not report a display number")
    env = dict(os.environ, DISPLAY=f":{display}", KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1",
               KIVY_HOME=str(Path(os.environ.get("TMPDIR", "/tmp")) / f"gongkai-kivy-{display}"))
    yield env
    server.terminate()
    server.wait(timeout=10)


@dataclass
class Snapshot:
    """What the screen showed at one step: the screenshot and the texts of visible labels."""

    name: str
    png: Path
    window: tuple[int, int]
    screen: str | None
    texts: list[str]
    paragraphs: list[list[str]]
    min_font_size: float
    overflowing: list[str] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)
    """Text a markup label highlights (search matches)."""
    min_touch: float = 0
    """The smallest side of a visible touch target, in pixels."""

    def shows(self, text: str) -> bool:
        """Whether a visible label shows ``text``, wherever its lines were broken."""
        return any(text in shown.replace("\n", "") for shown in self.texts)


def run_scenario(env: dict, tmp_path: Path, *, app: str, store_path: Path, steps: list[dict],
                 size: tuple[int, int] = LANDSCAPE, now: datetime = NOW,
                 name: str = DEVICE_NAME, kiosk: dict | None = None, display: dict | None = None,
                 env_extra: dict | None = None, token: str = "unused",
                 driver: str = "tests.ui.driver") -> dict[str, Snapshot]:
    """Run ``steps`` against the real ``app`` ("kiosk" or "display"); snapshots by name.

    ``kiosk`` is the device config's [kiosk] section (kiosk.settings), ``display`` its
    [display] section (display.settings); ``env_extra`` adds to the app's environment;
    ``token`` is the device token (a real one signs QR codes a hub accepts); ``driver`` the
    module that runs the steps (tests.kiosk.driver adds drags, publishing and measuring)."""
    out_dir = tmp_path / "ui"
    out_dir.mkdir(exist_ok=True)
    spec = {"app": app, "size": list(size), "store_path": str(store_path), "now": now.isoformat(),
            "name": name, "steps": steps, "out_dir": str(out_dir), "kiosk": kiosk or {},
            "display": display or {}, "token": token}
    spec_path = out_dir / "spec.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", driver, str(spec_path)], cwd=REPO,
                          env={**env, **(env_extra or {})}, capture_output=True, text=True, timeout=SCENARIO_TIMEOUT)
    result_path = out_dir / "result.json"
    result = json.loads(result_path.read_text(encoding="utf-8")) if result_path.exists() else {}
    if proc.returncode != 0 or "error" in result:
        pytest.fail(f"UI scenario failed: {result.get('error', 'no result')}\n"
                    f"--- stderr ---\n{proc.stderr[-4000:]}")
    return {s["name"]: _keep(Snapshot(**{**s, "png": Path(s["png"])}), app, size)
            for s in result["snapshots"]}


def _keep(snapshot: Snapshot, app: str, size: tuple[int, int]) -> Snapshot:
    """Copy the screenshot where a person can look at it after the run."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    orientation = "landscape" if size[0] >= size[1] else "portrait"
    shutil.copy(snapshot.png, SCREENSHOT_DIR / f"{app}-{orientation}-{snapshot.name}.png")
    return snapshot


# --- checks on what was rendered --------------------------------------------

def assert_readable(snapshot: Snapshot, *, min_font_size: float = 26) -> None:
    """The screen is drawn (not blank, not one flat colour), legible, and obeys 禁则."""
    assert_not_blank(snapshot.png)
    assert snapshot.min_font_size >= min_font_size, f"text too small on {snapshot.name}"
    assert not snapshot.overflowing, f"text cut off on {snapshot.name}: {snapshot.overflowing}"
    for lines in snapshot.paragraphs:
        assert not violations(lines), f"禁则 broken in {lines}"


def assert_not_blank(png: Path, *, min_colours: int = 40, min_ink: float = 0.02) -> None:
    """A real screen has many colours (anti-aliased glyphs) and a fair share of ink.

    "Ink" is any pixel clearly different from the most common colour (the background).
    """
    with Image.open(png) as image:
        pixels = image.convert("RGB")
        pixels.thumbnail((480, 480))
        colours = pixels.getcolors(maxcolors=1 << 20)
    assert colours, f"{png} could not be read"
    assert len(colours) >= min_colours, f"{png} looks blank: only {len(colours)} colours"
    total = sum(count for count, _ in colours)
    _, background = max(colours)
    ink = sum(count for count, rgb in colours if _distance(rgb, background) > 60)
    assert ink / total >= min_ink, f"{png} looks empty: {ink / total:.1%} of pixels differ from the background"


def _distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
    return sum(abs(x - y) for x, y in zip(a, b))
