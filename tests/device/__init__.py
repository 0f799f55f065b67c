"""Tests of the device platform: store, config, outbox queue, shared UI pieces."""
