"""Opt in to hiap's plugin test kit (it is not loaded unless asked for)."""

pytest_plugins = ["hiap.testing"]
