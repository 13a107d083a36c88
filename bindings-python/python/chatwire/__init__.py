"""chatwire: one typed client for four chat-widget APIs, sync and async.

Each API has a sync and an async client (``Mevichat`` / ``AsyncMevichat``, ``Vexar``, ``DevApi``,
``WidgetKey``); their models and events are in ``chatwire.<provider>``. The provider-neutral
events are here, and ``chatwire.testing.MockServer`` runs the bundled mock server.
"""

from typing import Union

from chatwire import devapi, mevichat, vexar, widgetkey
from chatwire._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ChatwireError,
    DecodeError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    StreamEndedError,
    StreamIdleTimeoutError,
    ValidationError,
)
from chatwire._native import (
    AsyncChatStream,
    AsyncDevApi,
    AsyncMevichat,
    AsyncVexar,
    AsyncWidgetKey,
    BlockedEvent,
    ChatStream,
    DeltaEvent,
    DevApi,
    FailedEvent,
    FinalMessage,
    Finish,
    FinishedEvent,
    Mevichat,
    StartedEvent,
    TokenUsage,
    Vexar,
    WidgetKey,
    __version__,
)

# Every provider-neutral event; match on `event.type`.
ChatEvent = Union[StartedEvent, DeltaEvent, BlockedEvent, FailedEvent, FinishedEvent]

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncChatStream",
    "AsyncDevApi",
    "AsyncMevichat",
    "AsyncVexar",
    "AsyncWidgetKey",
    "AuthenticationError",
    "BadRequestError",
    "BlockedEvent",
    "ChatEvent",
    "ChatStream",
    "ChatwireError",
    "DecodeError",
    "DeltaEvent",
    "DevApi",
    "FailedEvent",
    "FinalMessage",
    "Finish",
    "FinishedEvent",
    "InternalServerError",
    "Mevichat",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "StartedEvent",
    "StreamEndedError",
    "StreamIdleTimeoutError",
    "TokenUsage",
    "ValidationError",
    "Vexar",
    "WidgetKey",
    "__version__",
    "devapi",
    "mevichat",
    "vexar",
    "widgetkey",
]
