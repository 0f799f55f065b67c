"""The ``gongkai`` command and the one-machine demo: the only code that may import every layer."""
