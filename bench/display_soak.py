"""Soak run of the real display window: a day of rotation on an accelerated clock.

The display runs the demo district's content in a real Kivy window (under Xvfb when
there is no screen), with the LCD layout, fades, ticker and QR codes, and night-off
dayparts. First an hour is sampled at real speed for CPU; then the clock runs SPEED
times faster (slides hold 1/SPEED as long; fades keep their real length, so frames
during them are real frames) until HOURS of rotation have passed, sampling resident
memory every simulated hour and timing every frame of every fade.

Baseline: an idle Kivy window of the same size, frame cap and MSAA in the same run, for
CPU and memory; then the same window fading its label in and out as the display fades its
slides, for the frame pacing this machine's renderer manages at all. A transition frame is
late when it took over 1.5× the 1/30 s budget and over 1.5× the baseline's median frame:
where even that window cannot draw 30 frames a second (a software renderer on a busy
machine) the machine's pace is not counted against the display. Frames over the budget
alone are reported too, with both windows' median and 95th-percentile frame times.
Figures: RSS at start and end of the soak (growth), late transition frames, CPU seconds per
hour of playback against the idle window's, the GL renderer, how often the ticker steps on
it and how many frames a second the display draws at real speed.

    python -m bench.display_soak [--quick] [--hours 24] [--speed 360] [--real-seconds 60] [--pacing-seconds 12]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from display.app import MAX_FPS, MULTISAMPLES
from display.settings import DisplaySettings

from .measure import report, sizes, summary_ms

SIZE = (1920, 1080)
FULL = {"hours": 24.0, "speed": 360.0, "real_seconds": 60.0, "pacing_seconds": 12.0}
QUICK = {"hours": 0.5, "speed": 360.0, "real_seconds": 3.0, "pacing_seconds": 3.0}
"""``pacing_seconds``: how long the baseline window fades in and out, for its frame pacing."""
TRANSITION_SECONDS = DisplaySettings().transition_seconds
LATE_FACTOR = 1.5
START = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DISPLAY_SECTION = {"dayparts": [{"days": ["daily"], "from": "22:00", "to": "07:00", "off": True}]}


def main() -> None:
    """The soak and the idle baseline, each in its own child process; then the figures."""
    if sys.argv[1:2] == ["--child"]:
        _child(json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
        return
    args = sizes("bench.display_soak", FULL, QUICK)
    with tempfile.TemporaryDirectory() as tmp, _screen() as env:
        soak = _run(env, Path(tmp), "soak", hours=args.hours, speed=args.speed, real=args.real_seconds)
        idle = _run(env, Path(tmp), "idle", real=args.real_seconds, pacing=args.pacing_seconds)
    fades, paces = soak.pop("transition_frame_seconds"), idle.pop("fade_frame_seconds")
    pace = summary_ms(paces)
    late_after = LATE_FACTOR * max(1 / MAX_FPS, pace["median_ms"] / 1000)
    soak.update(transition_frames=len(fades),
                transition_frames_late=sum(dt > late_after for dt in fades),
                transition_frames_over_budget=sum(dt > LATE_FACTOR / MAX_FPS for dt in fades),
                transition_frame_ms=summary_ms(fades))
    idle["fade_frame_ms"] = pace
    report("display_soak", {
        "display": soak,
        "baseline_idle_window": idle,
        "late_frame_ms": round(late_after * 1000, 1),
        "rss_growth_mb": round(soak["rss_end_mb"] - soak["rss_start_mb"], 1),
        "cpu_ratio_to_idle": round(soak["cpu_seconds_per_hour"] / max(idle["cpu_seconds_per_hour"], 1e-3), 2),
    })


# --- parent side -------------------------------------------------------------

class _screen:
    """The current X display, or a private Xvfb for the run."""

    def __enter__(self) -> dict:
        if os.environ.get("DISPLAY"):
            self.server = None
            return dict(os.environ)
        read_fd, write_fd = os.pipe()
        self.server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            display = pipe.readline().strip()
        return dict(os.environ, DISPLAY=f":{display}")

    def __exit__(self, *_exc) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=10)


def _run(env: dict, tmp: Path, mode: str, **spec) -> dict:
    out = tmp / f"{mode}.json"
    spec_path = tmp / f"{mode}-spec.json"
    spec_path.write_text(json.dumps({"mode": mode, "tmp": str(tmp), "out": str(out), **spec}), encoding="utf-8")
    env = dict(env, KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", KIVY_HOME=str(tmp / f"kivy-{mode}"))
    subprocess.run([sys.executable, "-m", "bench.display_soak", "--child", str(spec_path)],
                   env=env, check=True, cwd=Path(__file__).resolve().parents[1])
    return json.loads(out.read_text(encoding="utf-8"))


# --- child side: one window per process, as Kivy requires ---------------------

def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class _Clock:
    """Simulated time that runs at ``speed`` times wall time, switchable mid-run."""

    def __init__(self, start: datetime):
        self.base, self.since, self.speed = start, time.monotonic(), 1.0

    def __call__(self) -> datetime:
        return self.base + timedelta(seconds=(time.monotonic() - self.since) * self.speed)

    def set_speed(self, speed: float) -> None:
        self.base, self.since, self.speed = self(), time.monotonic(), speed


def _child(spec: dict) -> None:
    from device.config import DeviceConfig

    tmp = Path(spec["tmp"])
    config = DeviceConfig(path=tmp / "device.toml", hub_url="http://127.0.0.1:9", token="unused",
                          public_key="unused", store_path=tmp / f"{spec['mode']}.db",
                          name="禾丰社区党群服务中心", display=DISPLAY_SECTION)
    if spec["mode"] == "idle":
        _idle(config, spec)
    else:
        _soak(config, spec)


def _idle(config, spec: dict) -> None:
    from device.ui.window import prepare

    prepare(size=SIZE, fullscreen=False, title="idle", max_fps=MAX_FPS, multisamples=MULTISAMPLES)
    from kivy.animation import Animation
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.label import Label

    figures: dict = {"fade_frame_seconds": []}

    def start(_dt):
        figures["rss_start_mb"], figures["cpu0"] = _rss_mb(), time.process_time()
        Clock.schedule_once(finish_idle, spec["real"])

    def finish_idle(_dt):
        cpu = time.process_time() - figures.pop("cpu0")
        figures.update(rss_end_mb=round(_rss_mb(), 1), cpu_seconds_per_hour=round(cpu / spec["real"] * 3600, 1))
        figures["rss_start_mb"] = round(figures["rss_start_mb"], 1)
        fade = (Animation(opacity=0, d=TRANSITION_SECONDS / 2, t="in_out_quad")
                + Animation(opacity=1, d=TRANSITION_SECONDS / 2, t="in_out_quad"))
        fade.repeat = True
        fade.start(App.get_running_app().root)
        Clock.schedule_interval(frame, 0)
        Clock.schedule_once(finish, spec["pacing"])

    def frame(dt):
        figures["fade_frame_seconds"].append(dt)

    def finish(_dt):
        Path(spec["out"]).write_text(json.dumps(figures), encoding="utf-8")
        App.get_running_app().stop()

    class Idle(App):
        def build(self):
            return Label(text="党务公开", font_size=60)

    Clock.schedule_once(start, 3)
    Idle().run()


def _soak(config, spec: dict) -> None:
    from device.ui.window import prepare
    from display.app import run
    from tests.content import demo_store

    demo_store(config.store_path, START).close()
    clock = _Clock(START)
    # Kivy's Clock reads the frame cap once, on import: configure Kivy as the display's
    # launch will before the probe imports the Clock, or the soak would run uncapped.
    prepare(size=SIZE, fullscreen=False, title=config.name, max_fps=MAX_FPS, multisamples=MULTISAMPLES)
    from kivy.clock import Clock

    probe = _Probe(clock, spec)
    Clock.schedule_once(probe.begin, 3)
    run(config, size=SIZE, clock=clock)


class _Probe:
    """Counts frames drawn at real speed, times every frame in a fade, samples memory hourly."""

    def __init__(self, clock: _Clock, spec: dict):
        self.clock, self.spec = clock, spec
        self.fade_frames: list[float] = []
        self.rss_hourly: list[float] = []
        self.slides = self.drawn = 0

    @property
    def app(self):
        from kivy.app import App
        return App.get_running_app()

    def begin(self, _dt) -> None:
        from kivy.clock import Clock
        from kivy.core.window import Window

        Window.bind(on_flip=self._drawn)
        self.cpu0 = time.process_time()
        Clock.schedule_once(self.accelerate, self.spec["real"])

    def _drawn(self, *_args) -> None:
        self.drawn += 1

    def accelerate(self, _dt) -> None:
        from kivy.clock import Clock
        from kivy.core.window import Window

        from display.motion import gl_renderer

        cpu = time.process_time() - self.cpu0
        Window.unbind(on_flip=self._drawn)
        self.real_figures = {
            "gl_renderer": gl_renderer(),
            "ticker_steps_per_second": round(self.app.root.ids.ticker.fps, 1),
            "frames_drawn_per_second": round(self.drawn / self.spec["real"], 1),
            "cpu_seconds_per_hour": round(cpu / self.spec["real"] * 3600, 1),
        }
        conductor = self.app.conductor
        conductor.time_scale = self.spec["speed"]
        self.clock.set_speed(self.spec["speed"])
        self.soak_start = self.clock()
        self.next_sample = self.soak_start
        self.rss_start = _rss_mb()
        self._count_slides(conductor)
        Clock.schedule_interval(self.frame, 0)
        conductor.advance()   # the slide up now was timed at real speed

    def _count_slides(self, conductor) -> None:
        shown = conductor.stage.show_slide

        def counting(*args, **kwargs):
            self.slides += 1
            return shown(*args, **kwargs)

        conductor.stage.show_slide = counting

    def frame(self, dt: float) -> None:
        now = self.clock()
        if self.app.conductor.stage.fader.opacity < 1:
            self.fade_frames.append(dt)
        if now >= self.next_sample:
            self.rss_hourly.append(round(_rss_mb(), 1))
            self.next_sample += timedelta(hours=1)
        if now - self.soak_start >= timedelta(hours=self.spec["hours"]):
            self.finish()

    def finish(self) -> None:
        figures = {
            "hours_simulated": self.spec["hours"], "speed": self.spec["speed"], "slides_shown": self.slides,
            "rss_start_mb": round(self.rss_start, 1), "rss_end_mb": round(_rss_mb(), 1),
            "rss_hourly_mb": self.rss_hourly, **self.real_figures,
            "transition_frame_seconds": self.fade_frames,
        }
        Path(self.spec["out"]).write_text(json.dumps(figures), encoding="utf-8")
        self.app.stop()


if __name__ == "__main__":
    main()
