"""The red band across the top of every public screen: who is speaking, and today's date and time."""
from kivy.uix.boxlayout import BoxLayout

from . import text  # noqa: F401  (ContentLabel, used by header.kv)
from .kvfiles import load_kv


class Header(BoxLayout):
    """Reads the heading (the device's org), date and clock from the running ScreenApp, which ticks them."""


load_kv(__file__)
