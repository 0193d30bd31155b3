"""hiap: Health in All Policies decision assessment for UK councils.

Kept tiny on purpose: ``hiap --help`` imports this module, so nothing heavy lives here.
Plugins write ``from hiap import hookimpl``.
"""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

#: The version of the hook API. A plugin may declare ``HIAP_HOOK_API = 1`` in its module;
#: a plugin built for another version is refused with a message saying so.
HOOK_API_VERSION = 1

hookimpl = pluggy.HookimplMarker("hiap")

__all__ = ["HOOK_API_VERSION", "__version__", "hookimpl"]
