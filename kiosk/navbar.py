"""The bar under the header on inner screens: 返回, where the reader is, 首页, 大字 and 高对比."""
from kivy.properties import StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from device.ui import text  # noqa: F401  (ContentLabel, used by navbar.kv)
from device.ui.kvfiles import load_kv

from . import controls  # noqa: F401  (KioskButton, used by navbar.kv)


class NavBar(BoxLayout):
    """The bar on inner screens: 返回, the screen's ``title``, and the buttons that go home or change modes."""

    title = StringProperty()


class BackButton(ButtonBehavior, Label):
    """Sized for an unsteady finger: the whole left end of the bar."""


load_kv(__file__)
