"""chatwire: one typed client for four chat-widget APIs, sync and async.

Each API has a sync and an async client (``Mevichat`` / ``AsyncMevichat``, ``Vexar``, ``DevApi``,
``WidgetKey``); their models and events are in ``chatwire.<provider>``. The provider-neutral
events are here, and ``chatwire.testing.MockServer`` runs the bundled mock server.

Every credential and base URL left out comes from its environment variable (``DEVAPI_API_KEY``,
``DEVAPI_BASE_URL`` …); ``client.with_raw_response.<method>()`` answers the HTTP response beside the
typed value; the log goes to the ``logging`` logger ``chatwire`` (see ``chatwire._logging``).
"""

from typing import Union

# First, so that the native module finds the loggers as CHATWIRE_LOG sets them.
from chatwire import _logging  # noqa: F401
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
    AsyncDevApiWithRawResponse,
    AsyncMevichat,
    AsyncMevichatWithRawResponse,
    AsyncPageIterator,
    AsyncVexar,
    AsyncVexarWithRawResponse,
    AsyncWidgetKey,
    AsyncWidgetKeyWithRawResponse,
    BlockedEvent,
    ChatStream,
    DeltaEvent,
    DevApi,
    DevApiWithRawResponse,
    FailedEvent,
    FinalMessage,
    Finish,
    FinishedEvent,
    Mevichat,
    MevichatWithRawResponse,
    PageIterator,
    StartedEvent,
    TokenUsage,
    Vexar,
    VexarWithRawResponse,
    WidgetKey,
    WidgetKeyWithRawResponse,
    __version__,
)
from chatwire._response import APIResponse, Headers

# Every provider-neutral event; match on `event.type`.
ChatEvent = Union[StartedEvent, DeltaEvent, BlockedEvent, FailedEvent, FinishedEvent]

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APITimeoutError",
    "AsyncChatStream",
    "AsyncDevApi",
    "AsyncDevApiWithRawResponse",
    "AsyncMevichat",
    "AsyncMevichatWithRawResponse",
    "AsyncPageIterator",
    "AsyncVexar",
    "AsyncVexarWithRawResponse",
    "AsyncWidgetKey",
    "AsyncWidgetKeyWithRawResponse",
    "AuthenticationError",
    "BadRequestError",
    "BlockedEvent",
    "ChatEvent",
    "ChatStream",
    "ChatwireError",
    "DecodeError",
    "DeltaEvent",
    "DevApi",
    "DevApiWithRawResponse",
    "FailedEvent",
    "FinalMessage",
    "Finish",
    "FinishedEvent",
    "Headers",
    "InternalServerError",
    "Mevichat",
    "MevichatWithRawResponse",
    "NotFoundError",
    "PageIterator",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "StartedEvent",
    "StreamEndedError",
    "StreamIdleTimeoutError",
    "TokenUsage",
    "ValidationError",
    "Vexar",
    "VexarWithRawResponse",
    "WidgetKey",
    "WidgetKeyWithRawResponse",
    "__version__",
    "devapi",
    "mevichat",
    "vexar",
    "widgetkey",
]
