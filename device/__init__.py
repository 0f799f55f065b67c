"""The device platform under the kiosk, the display and sync: the local store, config, search, clock, outbox queue and shared Kivy widgets."""
