"""The bar under the header on inner screens: a large 返回 button and where the reader is."""
from kivy.properties import StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from gongkai.ui import text  # noqa: F401  (ContentLabel, used by navbar.kv)
from gongkai.ui.kvfiles import load_kv


class NavBar(BoxLayout):
    title = StringProperty()


class BackButton(ButtonBehavior, Label):
    """Sized for an unsteady finger: the whole left end of the bar."""


load_kv(__file__)
