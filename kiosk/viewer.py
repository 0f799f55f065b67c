"""An item's image full-screen, with pinch and double-tap zoom (PDF pages arrive as images).

The image is decoded once, shrunk to the GPU's texture limit; two fingers pinch and drag,
a double tap zooms in where it landed and a second double tap zooms back out.
"""
from __future__ import annotations

from kivy.app import App
from kivy.graphics.transformation import Matrix
from kivy.properties import ObjectProperty
from kivy.uix.scatter import Scatter
from kivy.uix.screenmanager import Screen

from device.ui import header  # noqa: F401  (Header, used by viewer.kv)
from device.ui.images import load_texture
from device.ui.kvfiles import load_kv
from gongkai.domain.model import Attachment

from . import navbar  # noqa: F401  (NavBar, used by viewer.kv)

DOUBLE_TAP_ZOOM = 2.5


class ZoomImage(Scatter):
    """A Scatter that also zooms on a double tap; never rotates, never smaller than the stage."""

    texture = ObjectProperty(None, allownone=True)

    def on_touch_down(self, touch) -> bool:
        """A double tap zooms; other touches pinch and drag, except over the bar above."""
        if self.parent is None or not self.parent.collide_point(*touch.pos):
            return False  # zoomed in, the image reaches over the 返回 bar: that stays tappable
        if self.collide_point(*touch.pos) and touch.is_double_tap:
            self.toggle_zoom(touch.pos)
            return True
        return super().on_touch_down(touch)

    def toggle_zoom(self, at: tuple[float, float]) -> None:
        """Zoom in at ``at``, or back out to the whole image when already zoomed."""
        if self.scale > 1.01:
            self.reset()
            return
        self.apply_transform(Matrix().scale(DOUBLE_TAP_ZOOM, DOUBLE_TAP_ZOOM, 1), anchor=self.to_local(*at))

    def reset(self) -> None:
        """The whole image, unzoomed, in its place."""
        self.transform = Matrix()
        self.pos = self.parent.pos if self.parent else (0, 0)


class ViewerScreen(Screen):
    """An item's image full-screen, to zoom into."""

    texture = ObjectProperty(None, allownone=True)

    def show(self, attachment: Attachment) -> None:
        """Open ``attachment``'s image, decoded from the store, unzoomed."""
        store = App.get_running_app().store
        self.texture = load_texture(store.file_path(attachment.sha256))
        self.ids.zoom.reset()

    def on_leave(self, *_args) -> None:
        """Release the full-size texture: a viewer opened a thousand times must not grow."""
        self.texture = None

    def refresh(self) -> None:
        """Sync changed the store: the open image stays as it is."""
        pass


load_kv(__file__)
