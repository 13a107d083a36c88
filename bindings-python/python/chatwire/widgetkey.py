"""The widgetkey models and events (typed in ``widgetkey.pyi``)."""

from chatwire import _native
from chatwire._codes import code_enum
from chatwire._native.widgetkey import (
    ChatResponse,
    StreamEvent,
)

# The provider's codes, from the core's lists.
ErrorCode = code_enum("ErrorCode", __name__, _native.widgetkey._ErrorCode_VALUES)

__all__ = ['ChatResponse', 'StreamEvent', 'ErrorCode']
