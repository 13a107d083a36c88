"""The vexar models and events (their stubs are in ``vexar.pyi``)."""

from chatwire._native.vexar import *  # noqa: F403
from chatwire._native import vexar as _native

__all__ = [name for name in dir(_native) if not name.startswith("_")]
