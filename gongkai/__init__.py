"""Gongkai (公开): Party-affairs disclosure on public screens, fed from a central hub."""

__version__ = "0.1.0"
