"""Child side of bench.kiosk_ui: one App per process, figures printed as one JSON line."""
from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")

from gongkai.domain.model import Category  # noqa: E402
from tests.ui.harness import NOW  # noqa: E402

PER_FRAME = 10


def checkpoints(navigations: int) -> tuple[int, int, int]:
    """Navigations after which resident memory is taken — after the first frame's, half of
    ``navigations`` and all of them: flat from the second on means no growth."""
    middle = navigations // 2 // PER_FRAME * PER_FRAME
    return PER_FRAME, middle, middle * 2


def rss_mb() -> float:
    """Resident memory once the garbage collector has run, so a pending cycle is not counted."""
    gc.collect()
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def after_next_frame(callback) -> None:
    """Run ``callback`` once the window has drawn the next frame."""
    from kivy.core.window import Window

    def flipped(*_args):
        Window.unbind(on_flip=flipped)
        callback()
    Window.bind(on_flip=flipped)


def bare(spawned: float) -> None:
    """A bare Kivy App showing one Label: the start-up floor."""
    from device.ui.window import prepare
    prepare(size=(1920, 1080), fullscreen=False, title="bench")
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.label import Label

    class Bare(App):
        def build(self):
            return Label(text="党务公开")

        def on_start(self):
            Clock.schedule_once(lambda _dt: after_next_frame(self.done), 0)

        def done(self):
            print(json.dumps({"start_s": round(time.time() - spawned, 3)}))
            self.stop()

    Bare().run()


def kiosk(spawned: float, store_path: str, navigations: int) -> None:
    """The kiosk on ``store_path``: its start-up time and, unless ``navigations`` is 0, list
    timings and memory over that many navigations."""
    from device.config import DeviceConfig
    from device.ui.launch import launch

    def app_class():
        from kivy.clock import Clock

        from kiosk.navigation import KioskApp

        class Bench(KioskApp):
            def on_start(self):
                super().on_start()
                Clock.schedule_once(lambda _dt: after_next_frame(self.started), 0)

            def started(self):
                self.figures = {"start_s": round(time.time() - spawned, 3)}
                if not navigations:
                    print(json.dumps(self.figures))
                    return self.stop()
                Clock.schedule_once(lambda _dt: self.time_list(Category.ORGANISATION, "big_list_ms",
                                                               lambda: self.time_list(Category.OTHER, "small_list_ms", self.navigate)), 0.5)

            def time_list(self, category, key, then):
                self.go_home()
                started = time.perf_counter()
                self.screens.get_screen("home").tiles[category].dispatch("on_release")

                def drawn():
                    self.figures[key] = round((time.perf_counter() - started) * 1000, 1)
                    Clock.schedule_once(lambda _dt: then(), 0.3)
                after_next_frame(drawn)

            def navigate(self, done: int = 0):
                """Browse → item → search → home, PER_FRAME rounds a frame: a reader's taps
                are frames apart, and Kivy frees a dropped texture only at the next frame."""
                item_id = self.store.items(Category.SERVICE)[0].id
                for n in range(done + 1, done + PER_FRAME + 1):
                    self.open_browse_category(Category.SERVICE)
                    self.open_item(item_id)
                    self.open_screen("search")
                    self.go_home()
                    if n in checkpoints(navigations):
                        self.figures[f"rss_{n}"] = rss_mb()
                if n < checkpoints(navigations)[-1]:
                    Clock.schedule_once(lambda _dt: self.navigate(n), 0)
                    return
                print(json.dumps(self.figures))
                self.stop()

            def open_browse_category(self, category):
                from gongkai.domain.browse import Filter
                self.open_browse(Filter(category=category))

        return Bench

    config = DeviceConfig(path=Path(store_path), hub_url="http://127.0.0.1:9", token="-", public_key="-",
                          store_path=Path(store_path), name="禾丰社区党群服务中心")
    launch(config, app_class, size=(1920, 1080), fullscreen=False, clock=lambda: NOW)


if __name__ == "__main__":
    spawned, mode = float(sys.argv[1]), sys.argv[2]
    if mode == "bare":
        bare(spawned)
    else:
        kiosk(spawned, sys.argv[3], int(sys.argv[4]) if mode == "kiosk" else 0)
