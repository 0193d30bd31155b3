"""hiap: Health in All Policies decision assessment for UK councils.

Kept tiny on purpose: ``hiap --help`` imports this module, so nothing heavy lives here (even
pluggy is imported only when a plugin asks for ``hookimpl``). Plugins write
``from hiap import hookimpl``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

#: The version of the hook API. A plugin may declare ``HIAP_HOOK_API = 1`` in its module;
#: a plugin built for another version is refused with a message saying so.
HOOK_API_VERSION = 1

if TYPE_CHECKING:
    import pluggy

    hookimpl: pluggy.HookimplMarker


def __getattr__(name: str) -> Any:
    if name == "hookimpl":
        import pluggy

        marker = pluggy.HookimplMarker("hiap")
        globals()["hookimpl"] = marker
        return marker
    raise AttributeError(f"module 'hiap' has no attribute {name!r}")


__all__ = ["HOOK_API_VERSION", "__version__", "hookimpl"]
