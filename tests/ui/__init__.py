"""Driving the real Kivy apps in subprocesses under a virtual X server (see harness.py)."""
