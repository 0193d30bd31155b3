"""The core's own behaviour, registered as a plugin on the same hooks third parties use."""
