"""Tests of the feedback loop's pure rules."""
