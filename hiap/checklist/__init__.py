"""Checklist loading: safe YAML, validation, the ``when`` grammar and plugin contributions."""
