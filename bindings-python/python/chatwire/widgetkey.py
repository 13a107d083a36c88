"""The widgetkey models and events (their stubs are in ``widgetkey.pyi``)."""

from chatwire._native.widgetkey import *  # noqa: F403
from chatwire._native import widgetkey as _native

__all__ = [name for name in dir(_native) if not name.startswith("_")]
