"""The devapi models and events (their stubs are in ``devapi.pyi``)."""

from chatwire._native.devapi import *  # noqa: F403
from chatwire._native import devapi as _native

__all__ = [name for name in dir(_native) if not name.startswith("_")]
