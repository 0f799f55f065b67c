"""Kivy pieces both screens share: window set-up, the CJK font, Chinese typesetting."""
