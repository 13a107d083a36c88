"""The mevichat models and events (their stubs are in ``mevichat.pyi``)."""

from chatwire._native.mevichat import *  # noqa: F403
from chatwire._native import mevichat as _native

__all__ = [name for name in dir(_native) if not name.startswith("_")]
