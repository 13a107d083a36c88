"""The widgetkey models and events (typed in ``widgetkey.pyi``)."""

from chatwire._native.widgetkey import (
    ChatResponse,
    StreamEvent,
)

__all__ = ['ChatResponse', 'StreamEvent']
