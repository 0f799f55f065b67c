"""Tests of the gongkai command and the one-machine demo."""
