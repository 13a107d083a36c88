# pdoc runs this stub as a module, in which a class may name one defined below it.
from __future__ import annotations

from typing_extensions import Self, final
from types import TracebackType
from typing import Any, AsyncIterator, BinaryIO, Callable, Generic, Iterable, Iterator, Literal, Mapping, Optional, TypeVar, Union
import os

from chatwire._exceptions import (
    APIConnectionError as APIConnectionError,
    APIError as APIError,
    APITimeoutError as APITimeoutError,
    AuthenticationError as AuthenticationError,
    BadRequestError as BadRequestError,
    ChatwireError as ChatwireError,
    DecodeError as DecodeError,
    FileError as FileError,
    ConflictError as ConflictError,
    InternalServerError as InternalServerError,
    MethodNotAllowedError as MethodNotAllowedError,
    NotFoundError as NotFoundError,
    OperatorModeError as OperatorModeError,
    PermissionDeniedError as PermissionDeniedError,
    RateLimitError as RateLimitError,
    RedirectError as RedirectError,
    StreamDeadlineError as StreamDeadlineError,
    StreamEndedError as StreamEndedError,
    StreamIdleTimeoutError as StreamIdleTimeoutError,
    UnprocessableEntityError as UnprocessableEntityError,
    ValidationError as ValidationError,
)
from chatwire._response import APIResponse as APIResponse, Headers as Headers
from chatwire import devapi, mevichat, vexar, widgetkey

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APITimeoutError",
    "AsyncChatStream",
    "AsyncConversation",
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
    "ConflictError",
    "Conversation",
    "DecodeError",
    "DeltaEvent",
    "DevApi",
    "DevApiWithRawResponse",
    "FailedEvent",
    "FileError",
    "FinalMessage",
    "Finish",
    "FinishedEvent",
    "Headers",
    "HistoryEntry",
    "InternalServerError",
    "Mevichat",
    "MevichatWithRawResponse",
    "MethodNotAllowedError",
    "NotFoundError",
    "OperatorModeError",
    "PageIterator",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "StartedEvent",
    "StreamDeadlineError",
    "StreamEndedError",
    "StreamIdleTimeoutError",
    "TokenUsage",
    "UnprocessableEntityError",
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

__version__: str
"""The version of chatwire, which its Python and Node packages share."""

_Self = TypeVar("_Self")
_E = TypeVar("_E", covariant=True)

@final
class TokenUsage:
    """Tokens a reply used."""
    __match_args__ = ("tokens_in", "tokens_out")
    @property
    def tokens_in(self) -> int:
        """Input tokens."""
    @property
    def tokens_out(self) -> int:
        """Output tokens."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class Finish:
    """What the last event of a reply tells."""
    __match_args__ = ("finish_reason", "session_id", "conversation_id", "usage", "latency_ms", "model")
    @property
    def finish_reason(
        self,
    ) -> Optional[Union[Literal["stop", "error", "blocked", "quota_exceeded"], str]]:
        """How it ended (``stop``, ``error``, ``blocked``, ``quota_exceeded``: Mevichat's
        ``FinishReason``), when the provider says."""
    @property
    def session_id(self) -> Optional[str]:
        """The session, to continue it."""
    @property
    def conversation_id(self) -> Optional[str]:
        """The conversation, when the provider names one."""
    @property
    def usage(self) -> Optional[TokenUsage]:
        """Input and output tokens, when metered."""
    @property
    def latency_ms(self) -> Optional[int]:
        """Time to the whole reply, when metered."""
    @property
    def model(self) -> Optional[str]:
        """The model that answered, when named."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class FinalMessage:
    """A whole reply: its text and what its stream said about it."""
    __match_args__ = ("text", "message_id", "finish", "blocked_reason")
    @property
    def text(self) -> str:
        """The reply's text (the fallback text when it was blocked)."""
    @property
    def message_id(self) -> Optional[str]:
        """The message id from the start of the stream, when the provider sends one."""
    @property
    def finish(self) -> Finish:
        """What the last event told."""
    @property
    def blocked_reason(self) -> Optional[str]:
        """Set when moderation replaced the reply."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class StartedEvent:
    """The reply has begun (Mevichat's ``meta``)."""
    __match_args__ = ("session_id", "message_id")
    @property
    def type(self) -> Literal["started"]:
        """The event's kind, ``"started"``, to match on."""
    @property
    def session_id(self) -> Optional[str]:
        """The session, when the provider says."""
    @property
    def message_id(self) -> Optional[str]:
        """The reply's message id, when the provider says."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class DeltaEvent:
    """The next piece of the reply."""
    __match_args__ = ("text",)
    @property
    def type(self) -> Literal["delta"]:
        """The event's kind, ``"delta"``, to match on."""
    @property
    def text(self) -> str:
        """The next piece of the reply's text."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class BlockedEvent:
    """Moderation replaced the reply."""
    __match_args__ = ("reason", "fallback")
    @property
    def type(self) -> Literal["blocked"]:
        """The event's kind, ``"blocked"``, to match on."""
    @property
    def reason(self) -> str:
        """Why moderation replaced the reply."""
    @property
    def fallback(self) -> str:
        """The text to show instead."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class FailedEvent:
    """The provider reported an error after the stream opened."""
    __match_args__ = ("code", "message")
    @property
    def type(self) -> Literal["failed"]:
        """The event's kind, ``"failed"``, to match on."""
    @property
    def code(self) -> Union[Literal["quota_exceeded", "provider_auth_failed"], str]:
        """The provider's code (Mevichat's ``StreamErrorCode``, or a code as sent)."""
    @property
    def message(self) -> Optional[str]:
        """The provider's message, when it sent one."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class FinishedEvent:
    """The reply is over."""
    __match_args__ = ("finish",)
    @property
    def type(self) -> Literal["finished"]:
        """The event's kind, ``"finished"``, to match on."""
    @property
    def finish(self) -> Finish:
        """What the last event of the reply tells."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

ChatEvent = Union[StartedEvent, DeltaEvent, BlockedEvent, FailedEvent, FinishedEvent]
"""Every provider-neutral event (``ChatStream.neutral()`` yields them); match on
``event.type``."""

@final
class ChatStream(Generic[_E]):
    """A chat reply, event by event. Leaving ``with``, ``close()`` or garbage collection closes
    the connection."""
    def __class_getitem__(cls, item: Any) -> Any: ...
    def __iter__(self) -> Iterator[_E]: ...
    def __next__(self) -> _E: ...
    @property
    def status(self) -> int:
        """The response's HTTP status."""
    @property
    def headers(self) -> Headers:
        """The response's headers (names case-insensitive)."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request (``x-request-id``), to quote to support."""
    def neutral(self) -> ChatStream[ChatEvent]:
        """Provider-neutral events from here on (``chatwire.DeltaEvent`` …)."""
    def text(self) -> str:
        """Reads the rest of the reply and answers its text (the fallback text when it was
        blocked).

        Raises:
            APIError: The stream carried an error event (``status`` is ``None``).
            StreamIdleTimeoutError: No event came within the idle timeout.
            StreamDeadlineError: The stream ran past its ``stream_timeout``.
            StreamEndedError: The stream ended before its terminal event.
        """
    def final_message(self) -> FinalMessage:
        """Reads the rest of the reply and answers it whole, with its metadata.

        Raises:
            APIError: The stream carried an error event (``status`` is ``None``).
            StreamIdleTimeoutError: No event came within the idle timeout.
            StreamDeadlineError: The stream ran past its ``stream_timeout``.
            StreamEndedError: The stream ended before its terminal event.
        """
    def close(self) -> None:
        """Closes the connection; iteration ends."""
    def __enter__(self: _Self) -> _Self: ...
    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...

@final
class AsyncChatStream(Generic[_E]):
    """A chat reply, event by event, for ``async for``."""
    def __class_getitem__(cls, item: Any) -> Any: ...
    def __aiter__(self) -> AsyncIterator[_E]: ...
    async def __anext__(self) -> _E: ...
    @property
    def status(self) -> int:
        """The response's HTTP status."""
    @property
    def headers(self) -> Headers:
        """The response's headers (names case-insensitive)."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request (``x-request-id``), to quote to support."""
    def neutral(self) -> AsyncChatStream[ChatEvent]:
        """Provider-neutral events from here on (``chatwire.DeltaEvent`` …)."""
    async def text(self) -> str:
        """Reads the rest of the reply and answers its text (the fallback text when it was
        blocked).

        Raises:
            APIError: The stream carried an error event (``status`` is ``None``).
            StreamIdleTimeoutError: No event came within the idle timeout.
            StreamDeadlineError: The stream ran past its ``stream_timeout``.
            StreamEndedError: The stream ended before its terminal event.
        """
    async def final_message(self) -> FinalMessage:
        """Reads the rest of the reply and answers it whole, with its metadata.

        Raises:
            APIError: The stream carried an error event (``status`` is ``None``).
            StreamIdleTimeoutError: No event came within the idle timeout.
            StreamDeadlineError: The stream ran past its ``stream_timeout``.
            StreamEndedError: The stream ended before its terminal event.
        """
    async def aclose(self) -> None:
        """Closes the connection; iteration ends."""
    def close(self) -> None:
        """Closes the connection at once, without awaiting."""
    async def __aenter__(self: _Self) -> _Self: ...
    async def __aexit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...

_Item = TypeVar("_Item", covariant=True)

@final
class PageIterator(Generic[_Item]):
    """Every item of a listing across its pages, for ``for`` (``DevApi.sessions()``). A page
    is fetched when the loop reaches it."""
    def __class_getitem__(cls, item: Any) -> Any: ...
    def __iter__(self) -> Iterator[_Item]: ...
    def __next__(self) -> _Item: ...
    def close(self) -> None:
        """Fetches no further page; iteration ends."""

@final
class AsyncPageIterator(Generic[_Item]):
    """Every item of a listing across its pages, for ``async for`` (``AsyncDevApi.sessions()``).
    A page is fetched when the loop reaches it."""
    def __class_getitem__(cls, item: Any) -> Any: ...
    def __aiter__(self) -> AsyncIterator[_Item]: ...
    async def __anext__(self) -> _Item: ...
    def close(self) -> None:
        """Fetches no further page; iteration ends."""

_Headers = Optional[Mapping[str, str]]
_Image = Union[bytes, bytearray, memoryview, str, os.PathLike[str], BinaryIO]
"""What ``upload_image`` takes as the image: its bytes, the path of its file, or a binary file
object (``open(path, "rb")``, ``io.BytesIO``), read whole."""
_RateLimitMode = Literal["wait", "off"]
"""``"wait"``: each call waits for a slot under the rate limits; ``"off"`` (or ``None``, the
default): calls go out at once, and a ``429`` is retried as any other."""
_RateLimits = Mapping[str, tuple[int, float]]
"""Rate limits by operation name (``"export_conversation"``, or ``"*"`` for every call): at most
``requests`` calls in any span of ``seconds``, over the documented limit of that operation."""
_SessionIds = Iterable[str]
"""The sessions, as a list, a tuple or any iterable of ``str``."""
_Directory = Union[str, os.PathLike[str]]
"""A directory, as a ``str`` or an ``os.PathLike``."""
_OnProgress = Callable[[mevichat.ExportProgress], object]
"""A callable told of each session as ``export_all`` is done with it."""

@final
class HistoryEntry:
    """One message of a conversation's history, the same for every API."""
    __match_args__ = ("role", "text", "created_at")
    @property
    def role(self) -> Optional[str]:
        """Who wrote it (``user``, ``assistant``, ``operator``), when the API says."""
    @property
    def text(self) -> str:
        """The text."""
    @property
    def created_at(self) -> Optional[str]:
        """When it was written, when the API says."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class Conversation(Generic[_E]):
    """Turns in one session (``client.conversation()``): each goes to the same session, with
    the ids the server gave in earlier replies. Turns are sent one at a time."""
    def __class_getitem__(cls, item: Any) -> Any: ...
    def send(self, text: str) -> ChatStream[_E]:
        """Sends ``text`` as the next turn and streams the reply (the same stream as
        ``chat_stream``'s: ``.text()``, ``.final_message()``, ``.neutral()``); the ids its
        events carry are kept as they pass.

        Raises:
            ValidationError: ``text`` was refused, or the API needs a session the
                conversation lacks.
            APIError: The server answered an error status.
            APIConnectionError: No response came.
        """
    def reply(self, text: str) -> FinalMessage:
        """Sends ``text`` as the next turn and answers the whole reply.

        Raises:
            ValidationError: ``text`` was refused.
            APIError: The server answered an error status.
            APIConnectionError: No response came.
        """
    def history(self) -> list[HistoryEntry]:
        """The messages of the session so far (none before the first turn of a session the
        server assigns).

        Raises:
            ValidationError: The API keeps no history a client can read (the widget-key
                API), or Mevichat's client has no ``export_token``.
            APIError: The server answered an error status.
        """
    @property
    def session_id(self) -> Optional[str]:
        """The session every turn is sent in; ``None`` until the server assigns it (the
        Developer API, after the first reply)."""
    @property
    def conversation_id(self) -> Optional[str]:
        """The server's id of the conversation, once a reply named one (Vexar, the widget-key
        API)."""

@final
class AsyncConversation(Generic[_E]):
    """Turns in one session (``client.conversation()``), for ``await``: each goes to the same
    session, with the ids the server gave in earlier replies. Turns are sent one at a time."""
    def __class_getitem__(cls, item: Any) -> Any: ...
    async def send(self, text: str) -> AsyncChatStream[_E]:
        """Sends ``text`` as the next turn and streams the reply (the same stream as
        ``chat_stream``'s); the ids its events carry are kept as they pass.

        Raises:
            ValidationError: ``text`` was refused, or the API needs a session the
                conversation lacks.
            APIError: The server answered an error status.
            APIConnectionError: No response came.
        """
    async def reply(self, text: str) -> FinalMessage:
        """Sends ``text`` as the next turn and answers the whole reply.

        Raises:
            ValidationError: ``text`` was refused.
            APIError: The server answered an error status.
            APIConnectionError: No response came.
        """
    async def history(self) -> list[HistoryEntry]:
        """The messages of the session so far (none before the first turn of a session the
        server assigns).

        Raises:
            ValidationError: The API keeps no history a client can read (the widget-key
                API), or Mevichat's client has no ``export_token``.
            APIError: The server answered an error status.
        """
    @property
    def session_id(self) -> Optional[str]:
        """The session every turn is sent in; ``None`` until the server assigns it (the
        Developer API, after the first reply)."""
    @property
    def conversation_id(self) -> Optional[str]:
        """The server's id of the conversation, once a reply named one (Vexar, the widget-key
        API)."""

class _Client:
    """What every client has: ``close()``, ``with_options()``, and ``with`` / ``async with``,
    which close it at the end of the block."""
    def close(self) -> None:
        """Releases the client; calls after it raise."""
    def __enter__(self: _Self) -> _Self: ...
    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...
    async def __aenter__(self: _Self) -> _Self: ...
    async def __aexit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...
    def with_options(
        self: _Self,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> _Self:
        """A copy of this client whose calls use these settings; the copy shares the
        connection pool.

        Args:
            timeout: The request timeout in seconds, over the client's.
            connect_timeout: The timeout to open a connection in seconds, over the client's.
            idle_timeout: The longest gap between stream events in seconds, over the client's.
            stream_timeout: The deadline for a whole stream in seconds, from the start of the
                call that opens it, over the client's.
            max_retries: Retries after a failed attempt, over the client's.
            extra_headers: Headers added to (and over) the client's.
        """

@final
class Mevichat(_Client):
    """``public_key``, ``origin``, ``export_token`` and ``base_url`` left out come from
    ``MEVICHAT_PUBLIC_KEY``, ``MEVICHAT_ORIGIN``, ``MEVICHAT_EXPORT_TOKEN`` and ``MEVICHAT_BASE_URL``
    (the base URL defaults to the hosted API). A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``.
    ``rate_limit="wait"`` makes each call wait for a slot under the API's documented rate
    limits and those of ``rate_limits`` (``{"export_conversation": (30, 1.0), "*": (100, 60)}``:
    requests per span of seconds, by operation or ``"*"`` for every call) instead of drawing a
    ``429``; copies made by ``with_options`` share the budget."""
    def __new__(
        cls,
        public_key: Optional[str] = None,
        origin: Optional[str] = None,
        *,
        export_token: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        rate_limit: Optional[_RateLimitMode] = None,
        rate_limits: Optional[_RateLimits] = None,
    ) -> Self: ...
    def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        visitor_id: Optional[str] = None,
        visitor_metadata: Optional[dict[str, Any]] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> ChatStream[mevichat.ChatEvent]:
        """``POST /api/chat/``: the reply, streamed.

        Args:
            session_id: A UUID made by the client; reuse it across turns to keep the history.
            message: The visitor's turn, at most 4000 characters.
            visitor_id: Your own stable id for the visitor.
            visitor_metadata: Free-form JSON stored with the session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Returns:
            The reply's ``chatwire.mevichat`` events, as they arrive.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status before the stream began (a subclass per
                status: ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_widget_config(
        self,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.WidgetConfigResponse:
        """``GET /api/widget/config/``: the widget's display configuration (cached per
        ``max-age``).

        Args:
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def export_conversation(
        self,
        session_id: str,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.ExportResponse:
        """``GET /api/conversations/{session_id}/export.json``: the whole transcript, authorized
        by the client's ``export_token``.

        Args:
            session_id: The session to export.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def reply(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> FinalMessage:
        """The whole reply to ``message`` in the session ``session_id``, in the
        provider-neutral form, the same for every API: its one-shot call where it has one (the
        Developer API, the widget-key API), else its stream read to the end.

        Args:
            session_id: A UUID made by the client; reuse it across turns to keep the history.
            message: The message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
            StreamEndedError: The stream ended before its terminal event.
        """
    def conversation(
        self,
        *,
        session_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> Conversation[mevichat.ChatEvent]:
        """A conversation: turns sent in one session, with the ids the server gives kept for
        the next turn. To resume one, pass the ids its ``session_id`` and ``conversation_id``
        gave. Its history comes from the session's export (which needs the client's ``export_token``).

        Args:
            session_id: The session of every turn; a new UUID is made when left out.
            conversation_id: The server's id of the conversation, to resume one.
            timeout: Each turn's request timeout in seconds, over the client's.
            connect_timeout: Each turn's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each turn's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each turn's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each turn's retries after a failed attempt, over the client's.
            extra_headers: Headers for each turn, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    def export_all(
        self,
        session_ids: _SessionIds,
        directory: _Directory,
        *,
        concurrency: Optional[int] = None,
        on_progress: Optional[_OnProgress] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.ExportSummary:
        """Exports each session's transcript into ``directory`` (made if missing), each in
        the file the server names (``session-<uuid>.json``), ``concurrency`` at a time, within
        the export rate limit (the client's ``rate_limits`` with ``rate_limit="wait"``, else
        the documented 30 a minute). A session whose file is already there and whole is
        skipped, so that a stopped run resumes where it stopped; one that fails (a ``404``, a
        ``401``) is reported in the summary, and the others go on.

        Args:
            session_ids: The sessions (UUIDs), each exported once, in this order in the
                summary.
            directory: Where the files go.
            concurrency: Exports in flight at once (default 4).
            on_progress: Called with each session's ``chatwire.mevichat.ExportProgress`` as
                it is done, with the GIL taken (on the calling thread). An exception it raises
                stops the export (the files written stay) and is raised by this call.
            timeout: Each export's request timeout in seconds, over the client's.
            connect_timeout: Each export's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each export's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each export's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each export's retries after a failed attempt, over the client's.
            extra_headers: Headers for each export, added to (and over) the client's.

        Returns:
            What was written, skipped and failed, each failure with its exception.

        Raises:
            ValidationError: An argument was refused, or the client has no ``export_token``.
            FileError: The directory could not be made.
        """
    @property
    def with_raw_response(self) -> MevichatWithRawResponse:
        """The same calls, each answering its HTTP response (``.status_code``, ``.headers``,
        ``.request_id``) with the typed value (``.parse()``)."""

@final
class MevichatWithRawResponse:
    """``Mevichat``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    def get_widget_config(
        self,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[mevichat.WidgetConfigResponse]:
        """``GET /api/widget/config/``: the widget's display configuration (cached per
        ``max-age``).

        Args:
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def export_conversation(
        self,
        session_id: str,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[mevichat.ExportResponse]:
        """``GET /api/conversations/{session_id}/export.json``: the whole transcript, authorized
        by the client's ``export_token``.

        Args:
            session_id: The session to export.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """

@final
class AsyncMevichat(_Client):
    """``public_key``, ``origin``, ``export_token`` and ``base_url`` left out come from
    ``MEVICHAT_PUBLIC_KEY``, ``MEVICHAT_ORIGIN``, ``MEVICHAT_EXPORT_TOKEN`` and ``MEVICHAT_BASE_URL``
    (the base URL defaults to the hosted API). A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``.
    ``rate_limit="wait"`` makes each call wait for a slot under the API's documented rate
    limits and those of ``rate_limits`` (``{"export_conversation": (30, 1.0), "*": (100, 60)}``:
    requests per span of seconds, by operation or ``"*"`` for every call) instead of drawing a
    ``429``; copies made by ``with_options`` share the budget."""
    def __new__(
        cls,
        public_key: Optional[str] = None,
        origin: Optional[str] = None,
        *,
        export_token: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        rate_limit: Optional[_RateLimitMode] = None,
        rate_limits: Optional[_RateLimits] = None,
    ) -> Self: ...
    async def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        visitor_id: Optional[str] = None,
        visitor_metadata: Optional[dict[str, Any]] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncChatStream[mevichat.ChatEvent]:
        """``POST /api/chat/``: the reply, streamed.

        Args:
            session_id: A UUID made by the client; reuse it across turns to keep the history.
            message: The visitor's turn, at most 4000 characters.
            visitor_id: Your own stable id for the visitor.
            visitor_metadata: Free-form JSON stored with the session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Returns:
            The reply's ``chatwire.mevichat`` events, as they arrive.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status before the stream began (a subclass per
                status: ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_widget_config(
        self,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.WidgetConfigResponse:
        """``GET /api/widget/config/``: the widget's display configuration (cached per
        ``max-age``).

        Args:
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def export_conversation(
        self,
        session_id: str,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.ExportResponse:
        """``GET /api/conversations/{session_id}/export.json``: the whole transcript, authorized
        by the client's ``export_token``.

        Args:
            session_id: The session to export.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def reply(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> FinalMessage:
        """The whole reply to ``message`` in the session ``session_id``, in the
        provider-neutral form, the same for every API: its one-shot call where it has one (the
        Developer API, the widget-key API), else its stream read to the end.

        Args:
            session_id: A UUID made by the client; reuse it across turns to keep the history.
            message: The message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
            StreamEndedError: The stream ended before its terminal event.
        """
    def conversation(
        self,
        *,
        session_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncConversation[mevichat.ChatEvent]:
        """A conversation: turns sent in one session, with the ids the server gives kept for
        the next turn. To resume one, pass the ids its ``session_id`` and ``conversation_id``
        gave. Its history comes from the session's export (which needs the client's ``export_token``).

        Args:
            session_id: The session of every turn; a new UUID is made when left out.
            conversation_id: The server's id of the conversation, to resume one.
            timeout: Each turn's request timeout in seconds, over the client's.
            connect_timeout: Each turn's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each turn's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each turn's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each turn's retries after a failed attempt, over the client's.
            extra_headers: Headers for each turn, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    async def export_all(
        self,
        session_ids: _SessionIds,
        directory: _Directory,
        *,
        concurrency: Optional[int] = None,
        on_progress: Optional[_OnProgress] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.ExportSummary:
        """Exports each session's transcript into ``directory`` (made if missing), each in
        the file the server names (``session-<uuid>.json``), ``concurrency`` at a time, within
        the export rate limit (the client's ``rate_limits`` with ``rate_limit="wait"``, else
        the documented 30 a minute). A session whose file is already there and whole is
        skipped, so that a stopped run resumes where it stopped; one that fails (a ``404``, a
        ``401``) is reported in the summary, and the others go on.

        Args:
            session_ids: The sessions (UUIDs), each exported once, in this order in the
                summary.
            directory: Where the files go.
            concurrency: Exports in flight at once (default 4).
            on_progress: Called with each session's ``chatwire.mevichat.ExportProgress`` as
                it is done, with the GIL taken (on a chatwire thread, not the event loop's, so keep it short). An exception it raises
                stops the export (the files written stay) and is raised by this call.
            timeout: Each export's request timeout in seconds, over the client's.
            connect_timeout: Each export's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each export's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each export's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each export's retries after a failed attempt, over the client's.
            extra_headers: Headers for each export, added to (and over) the client's.

        Returns:
            What was written, skipped and failed, each failure with its exception.

        Raises:
            ValidationError: An argument was refused, or the client has no ``export_token``.
            FileError: The directory could not be made.
        """
    @property
    def with_raw_response(self) -> AsyncMevichatWithRawResponse:
        """The same calls, each answering its HTTP response (``.status_code``, ``.headers``,
        ``.request_id``) with the typed value (``.parse()``)."""

@final
class AsyncMevichatWithRawResponse:
    """``AsyncMevichat``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    async def get_widget_config(
        self,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[mevichat.WidgetConfigResponse]:
        """``GET /api/widget/config/``: the widget's display configuration (cached per
        ``max-age``).

        Args:
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def export_conversation(
        self,
        session_id: str,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[mevichat.ExportResponse]:
        """``GET /api/conversations/{session_id}/export.json``: the whole transcript, authorized
        by the client's ``export_token``.

        Args:
            session_id: The session to export.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """


@final
class Vexar(_Client):
    """``site_key`` and ``base_url`` left out come from ``VEXAR_SITE_KEY`` and ``VEXAR_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``.
    ``rate_limit="wait"`` makes each call wait for a slot under the API's documented rate
    limits and those of ``rate_limits`` (``{"export_conversation": (30, 1.0), "*": (100, 60)}``:
    requests per span of seconds, by operation or ``"*"`` for every call) instead of drawing a
    ``429``; copies made by ``with_options`` share the budget."""
    def __new__(
        cls,
        site_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        rate_limit: Optional[_RateLimitMode] = None,
        rate_limits: Optional[_RateLimits] = None,
    ) -> Self: ...
    def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        lang: Optional[str] = None,
        message_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> ChatStream[vexar.ChatEvent]:
        """``POST /api/v1/chat/stream``: the answer, streamed.

        Args:
            session_id: The visitor's session.
            message: The visitor's message.
            lang: The visitor's language, such as ``en``.
            message_id: The client's id for this message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Returns:
            The answer's ``chatwire.vexar`` events, as they arrive.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status before the stream began (a subclass per
                status: ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_history(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.HistoryResponse:
        """``GET /api/v1/chat/history``: the conversation so far.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def save_email(
        self,
        *,
        session_id: str,
        email: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SaveResponse:
        """``POST /api/v1/chat/email``: saves the visitor's email.

        Args:
            session_id: The visitor's session.
            email: The email address.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def save_contact(
        self,
        *,
        session_id: str,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        name: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SaveResponse:
        """``POST /api/v1/chat/contact``: saves the visitor's contact (an email or a phone).

        Args:
            session_id: The visitor's session.
            email: The email address.
            phone: The phone number.
            name: The visitor's name.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_operator_messages(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.OperatorMessagesResponse:
        """``GET /api/v1/chat/operator-messages``: messages from a human operator, not seen
        before.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_block_status(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.BlockStatusResponse:
        """``GET /api/v1/chat/block-status``: whether the visitor is blocked.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_pending_proactive(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.PendingProactiveResponse:
        """``GET /api/v1/chat/pending-proactive``: nudges waiting for the visitor.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def upload_image(
        self,
        *,
        session_id: str,
        image: _Image,
        file_name: Optional[str] = None,
        content_type: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.UploadImageResponse:
        """``POST /api/v1/chat/upload-image``: an image from a path, bytes or a file object,
        sent as ``multipart/form-data``.

        Args:
            session_id: The visitor's session.
            image: The image's bytes, the path of its file (``str`` or ``os.PathLike``), or a
                binary file object, read whole (``open(path, "rb")``, ``io.BytesIO``).
            file_name: The file name sent; by default the file's own name (required for bytes
                and for a file object without a ``name``).
            content_type: The MIME type sent, ``image/…``, taken as given; by default the type
                the file name's extension names (png, jpg, jpeg, gif, webp, svg).
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def rate_conversation(
        self,
        *,
        session_id: str,
        score: int,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SuccessResponse:
        """``POST /api/v1/chat/rate``: a score from 1 to 5.

        Args:
            session_id: The visitor's session.
            score: From 1 to 5.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def comment_rating(
        self,
        *,
        session_id: str,
        comment: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SuccessResponse:
        """``POST /api/v1/chat/rate/comment``: a comment on the rating.

        Args:
            session_id: The visitor's session.
            comment: The comment.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def reply(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> FinalMessage:
        """The whole reply to ``message`` in the session ``session_id``, in the
        provider-neutral form, the same for every API: its one-shot call where it has one (the
        Developer API, the widget-key API), else its stream read to the end.

        Args:
            session_id: The visitor's session (``sess_…``).
            message: The message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
            StreamEndedError: The stream ended before its terminal event.
        """
    def conversation(
        self,
        *,
        session_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> Conversation[vexar.ChatEvent]:
        """A conversation: turns sent in one session, with the ids the server gives kept for
        the next turn. To resume one, pass the ids its ``session_id`` and ``conversation_id``
        gave. Its history comes from ``get_history``.

        Args:
            session_id: The session of every turn; a new ``sess_…`` id is made when left out.
            conversation_id: The server's id of the conversation, to resume one.
            timeout: Each turn's request timeout in seconds, over the client's.
            connect_timeout: Each turn's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each turn's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each turn's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each turn's retries after a failed attempt, over the client's.
            extra_headers: Headers for each turn, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    def watch(
        self,
        *,
        session_id: str,
        interval: Optional[float] = None,
        max_failures: Optional[int] = None,
        poll_timeout: Optional[float] = None,
        pause_ai_in_operator_mode: Optional[bool] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.Watch:
        """Watches the session ``session_id`` (``for event in vexar.watch(...)``):
        operator messages, mode changes, proactive messages and blocking, as they happen
        (``chatwire.vexar.WatchEvent``), each message once. It polls while the loop waits for
        the next event; ``break``, ``close()`` or the end of a ``with`` block stops it, and
        nothing more is sent. A failed poll is retried after a back-off (the server's
        ``Retry-After`` when it sends one); past ``max_failures`` in a row, or on an error no
        retry mends, the iteration raises that error.

        Args:
            session_id: The visitor's session.
            interval: Seconds between two polls (default 2).
            max_failures: Failed polls in a row retried before the watcher ends with the
                error (default 5).
            poll_timeout: The longest one request of a poll may take, in seconds (default 30);
                a poll that stalls past it fails, and is retried as any other failure. It is
                each poll's request timeout, in place of ``timeout``.
            pause_ai_in_operator_mode: While the watcher sees the session in operator mode,
                this client's (and its copies') ``chat_stream`` for it raises
                ``OperatorModeError`` (default off).
            timeout: Not used by the polls, whose requests ``poll_timeout`` bounds.
            connect_timeout: Each poll's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each poll's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each poll's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each poll's retries after a failed attempt, over the client's.
            extra_headers: Headers for each poll, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    @property
    def with_raw_response(self) -> VexarWithRawResponse:
        """The same calls, each answering its HTTP response (``.status_code``, ``.headers``,
        ``.request_id``) with the typed value (``.parse()``)."""

@final
class VexarWithRawResponse:
    """``Vexar``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    def get_history(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.HistoryResponse]:
        """``GET /api/v1/chat/history``: the conversation so far.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def save_email(
        self,
        *,
        session_id: str,
        email: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SaveResponse]:
        """``POST /api/v1/chat/email``: saves the visitor's email.

        Args:
            session_id: The visitor's session.
            email: The email address.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def save_contact(
        self,
        *,
        session_id: str,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        name: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SaveResponse]:
        """``POST /api/v1/chat/contact``: saves the visitor's contact (an email or a phone).

        Args:
            session_id: The visitor's session.
            email: The email address.
            phone: The phone number.
            name: The visitor's name.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_operator_messages(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.OperatorMessagesResponse]:
        """``GET /api/v1/chat/operator-messages``: messages from a human operator, not seen
        before.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_block_status(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.BlockStatusResponse]:
        """``GET /api/v1/chat/block-status``: whether the visitor is blocked.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_pending_proactive(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.PendingProactiveResponse]:
        """``GET /api/v1/chat/pending-proactive``: nudges waiting for the visitor.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def upload_image(
        self,
        *,
        session_id: str,
        image: _Image,
        file_name: Optional[str] = None,
        content_type: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.UploadImageResponse]:
        """``POST /api/v1/chat/upload-image``: an image from a path, bytes or a file object,
        sent as ``multipart/form-data``.

        Args:
            session_id: The visitor's session.
            image: The image's bytes, the path of its file (``str`` or ``os.PathLike``), or a
                binary file object, read whole (``open(path, "rb")``, ``io.BytesIO``).
            file_name: The file name sent; by default the file's own name (required for bytes
                and for a file object without a ``name``).
            content_type: The MIME type sent, ``image/…``, taken as given; by default the type
                the file name's extension names (png, jpg, jpeg, gif, webp, svg).
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def rate_conversation(
        self,
        *,
        session_id: str,
        score: int,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SuccessResponse]:
        """``POST /api/v1/chat/rate``: a score from 1 to 5.

        Args:
            session_id: The visitor's session.
            score: From 1 to 5.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def comment_rating(
        self,
        *,
        session_id: str,
        comment: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SuccessResponse]:
        """``POST /api/v1/chat/rate/comment``: a comment on the rating.

        Args:
            session_id: The visitor's session.
            comment: The comment.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """

@final
class AsyncVexar(_Client):
    """``site_key`` and ``base_url`` left out come from ``VEXAR_SITE_KEY`` and ``VEXAR_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``.
    ``rate_limit="wait"`` makes each call wait for a slot under the API's documented rate
    limits and those of ``rate_limits`` (``{"export_conversation": (30, 1.0), "*": (100, 60)}``:
    requests per span of seconds, by operation or ``"*"`` for every call) instead of drawing a
    ``429``; copies made by ``with_options`` share the budget."""
    def __new__(
        cls,
        site_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        rate_limit: Optional[_RateLimitMode] = None,
        rate_limits: Optional[_RateLimits] = None,
    ) -> Self: ...
    async def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        lang: Optional[str] = None,
        message_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncChatStream[vexar.ChatEvent]:
        """``POST /api/v1/chat/stream``: the answer, streamed.

        Args:
            session_id: The visitor's session.
            message: The visitor's message.
            lang: The visitor's language, such as ``en``.
            message_id: The client's id for this message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Returns:
            The answer's ``chatwire.vexar`` events, as they arrive.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status before the stream began (a subclass per
                status: ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_history(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.HistoryResponse:
        """``GET /api/v1/chat/history``: the conversation so far.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def save_email(
        self,
        *,
        session_id: str,
        email: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SaveResponse:
        """``POST /api/v1/chat/email``: saves the visitor's email.

        Args:
            session_id: The visitor's session.
            email: The email address.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def save_contact(
        self,
        *,
        session_id: str,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        name: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SaveResponse:
        """``POST /api/v1/chat/contact``: saves the visitor's contact (an email or a phone).

        Args:
            session_id: The visitor's session.
            email: The email address.
            phone: The phone number.
            name: The visitor's name.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_operator_messages(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.OperatorMessagesResponse:
        """``GET /api/v1/chat/operator-messages``: messages from a human operator, not seen
        before.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_block_status(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.BlockStatusResponse:
        """``GET /api/v1/chat/block-status``: whether the visitor is blocked.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_pending_proactive(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.PendingProactiveResponse:
        """``GET /api/v1/chat/pending-proactive``: nudges waiting for the visitor.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def upload_image(
        self,
        *,
        session_id: str,
        image: _Image,
        file_name: Optional[str] = None,
        content_type: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.UploadImageResponse:
        """``POST /api/v1/chat/upload-image``: an image from a path, bytes or a file object,
        sent as ``multipart/form-data``.

        Args:
            session_id: The visitor's session.
            image: The image's bytes, the path of its file (``str`` or ``os.PathLike``), or a
                binary file object, read whole (``open(path, "rb")``, ``io.BytesIO``).
            file_name: The file name sent; by default the file's own name (required for bytes
                and for a file object without a ``name``).
            content_type: The MIME type sent, ``image/…``, taken as given; by default the type
                the file name's extension names (png, jpg, jpeg, gif, webp, svg).
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def rate_conversation(
        self,
        *,
        session_id: str,
        score: int,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SuccessResponse:
        """``POST /api/v1/chat/rate``: a score from 1 to 5.

        Args:
            session_id: The visitor's session.
            score: From 1 to 5.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def comment_rating(
        self,
        *,
        session_id: str,
        comment: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SuccessResponse:
        """``POST /api/v1/chat/rate/comment``: a comment on the rating.

        Args:
            session_id: The visitor's session.
            comment: The comment.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def reply(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> FinalMessage:
        """The whole reply to ``message`` in the session ``session_id``, in the
        provider-neutral form, the same for every API: its one-shot call where it has one (the
        Developer API, the widget-key API), else its stream read to the end.

        Args:
            session_id: The visitor's session (``sess_…``).
            message: The message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
            StreamEndedError: The stream ended before its terminal event.
        """
    def conversation(
        self,
        *,
        session_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncConversation[vexar.ChatEvent]:
        """A conversation: turns sent in one session, with the ids the server gives kept for
        the next turn. To resume one, pass the ids its ``session_id`` and ``conversation_id``
        gave. Its history comes from ``get_history``.

        Args:
            session_id: The session of every turn; a new ``sess_…`` id is made when left out.
            conversation_id: The server's id of the conversation, to resume one.
            timeout: Each turn's request timeout in seconds, over the client's.
            connect_timeout: Each turn's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each turn's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each turn's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each turn's retries after a failed attempt, over the client's.
            extra_headers: Headers for each turn, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    def watch(
        self,
        *,
        session_id: str,
        interval: Optional[float] = None,
        max_failures: Optional[int] = None,
        poll_timeout: Optional[float] = None,
        pause_ai_in_operator_mode: Optional[bool] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.AsyncWatch:
        """Watches the session ``session_id`` (``async for event in vexar.watch(...)``):
        operator messages, mode changes, proactive messages and blocking, as they happen
        (``chatwire.vexar.WatchEvent``), each message once. It polls while the loop waits for
        the next event; ``break``, ``close()`` or the end of a ``with`` block stops it, and
        nothing more is sent. A failed poll is retried after a back-off (the server's
        ``Retry-After`` when it sends one); past ``max_failures`` in a row, or on an error no
        retry mends, the iteration raises that error.

        Args:
            session_id: The visitor's session.
            interval: Seconds between two polls (default 2).
            max_failures: Failed polls in a row retried before the watcher ends with the
                error (default 5).
            poll_timeout: The longest one request of a poll may take, in seconds (default 30);
                a poll that stalls past it fails, and is retried as any other failure. It is
                each poll's request timeout, in place of ``timeout``.
            pause_ai_in_operator_mode: While the watcher sees the session in operator mode,
                this client's (and its copies') ``chat_stream`` for it raises
                ``OperatorModeError`` (default off).
            timeout: Not used by the polls, whose requests ``poll_timeout`` bounds.
            connect_timeout: Each poll's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each poll's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each poll's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each poll's retries after a failed attempt, over the client's.
            extra_headers: Headers for each poll, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    @property
    def with_raw_response(self) -> AsyncVexarWithRawResponse:
        """The same calls, each answering its HTTP response (``.status_code``, ``.headers``,
        ``.request_id``) with the typed value (``.parse()``)."""

@final
class AsyncVexarWithRawResponse:
    """``AsyncVexar``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    async def get_history(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.HistoryResponse]:
        """``GET /api/v1/chat/history``: the conversation so far.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def save_email(
        self,
        *,
        session_id: str,
        email: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SaveResponse]:
        """``POST /api/v1/chat/email``: saves the visitor's email.

        Args:
            session_id: The visitor's session.
            email: The email address.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def save_contact(
        self,
        *,
        session_id: str,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        name: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SaveResponse]:
        """``POST /api/v1/chat/contact``: saves the visitor's contact (an email or a phone).

        Args:
            session_id: The visitor's session.
            email: The email address.
            phone: The phone number.
            name: The visitor's name.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_operator_messages(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.OperatorMessagesResponse]:
        """``GET /api/v1/chat/operator-messages``: messages from a human operator, not seen
        before.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_block_status(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.BlockStatusResponse]:
        """``GET /api/v1/chat/block-status``: whether the visitor is blocked.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_pending_proactive(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.PendingProactiveResponse]:
        """``GET /api/v1/chat/pending-proactive``: nudges waiting for the visitor.

        Args:
            session_id: The visitor's session.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def upload_image(
        self,
        *,
        session_id: str,
        image: _Image,
        file_name: Optional[str] = None,
        content_type: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.UploadImageResponse]:
        """``POST /api/v1/chat/upload-image``: an image from a path, bytes or a file object,
        sent as ``multipart/form-data``.

        Args:
            session_id: The visitor's session.
            image: The image's bytes, the path of its file (``str`` or ``os.PathLike``), or a
                binary file object, read whole (``open(path, "rb")``, ``io.BytesIO``).
            file_name: The file name sent; by default the file's own name (required for bytes
                and for a file object without a ``name``).
            content_type: The MIME type sent, ``image/…``, taken as given; by default the type
                the file name's extension names (png, jpg, jpeg, gif, webp, svg).
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def rate_conversation(
        self,
        *,
        session_id: str,
        score: int,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SuccessResponse]:
        """``POST /api/v1/chat/rate``: a score from 1 to 5.

        Args:
            session_id: The visitor's session.
            score: From 1 to 5.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def comment_rating(
        self,
        *,
        session_id: str,
        comment: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SuccessResponse]:
        """``POST /api/v1/chat/rate/comment``: a comment on the rating.

        Args:
            session_id: The visitor's session.
            comment: The comment.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """

@final
class DevApi(_Client):
    """``api_key`` and ``base_url`` left out come from ``DEVAPI_API_KEY`` and ``DEVAPI_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``.
    ``rate_limit="wait"`` makes each call wait for a slot under the API's documented rate
    limits and those of ``rate_limits`` (``{"export_conversation": (30, 1.0), "*": (100, 60)}``:
    requests per span of seconds, by operation or ``"*"`` for every call) instead of drawing a
    ``429``; copies made by ``with_options`` share the budget."""
    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        origin: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        rate_limit: Optional[_RateLimitMode] = None,
        rate_limits: Optional[_RateLimits] = None,
    ) -> Self: ...
    def chat(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.ChatResponse:
        """``POST /api/v1/chat`` with ``stream: false``: the whole answer.

        Args:
            message: The user's message.
            session_id: The session to continue; the server starts one when absent.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def chat_stream(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> ChatStream[devapi.ChatEvent]:
        """``POST /api/v1/chat`` with ``stream: true``: the answer, streamed.

        Args:
            message: The user's message.
            session_id: The session to continue; the server starts one when absent.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Returns:
            The answer's ``chatwire.devapi`` events, as they arrive.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status before the stream began (a subclass per
                status: ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_usage(
        self,
        *,
        start_date: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.UsageResponse:
        """``GET /api/v1/usage``: requests, tokens and cost, in all and by model.

        Args:
            start_date: The first day counted, ``YYYY-MM-DD``.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def list_sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.SessionsResponse:
        """``GET /api/v1/sessions``: a page of sessions.

        Args:
            include_all: Include each session's messages.
            page: The page, from 1.
            per_page: Sessions per page, 1 to 100.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> PageIterator[devapi.Session]:
        """``GET /api/v1/sessions``, page after page: every session, most recent first
        (``for session in client.sessions()``). A page is fetched when the loop reaches it,
        until ``meta.has_more`` says none follows; leaving the loop early fetches no more.

        Args:
            include_all: Include each session's messages.
            page: The first page read, from 1 (default 1).
            per_page: Sessions per page, 1 to 100.
            timeout: Each page's request timeout in seconds, over the client's.
            connect_timeout: Each page's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Unused by a listing; taken as every call takes it.
            stream_timeout: Unused by a listing; taken as every call takes it.
            max_retries: Each page's retries after a failed attempt, over the client's.
            extra_headers: Headers for each page's request, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused (when the first page is read).
            APIError: The server answered an error status for a page.
            APIConnectionError: No response came for a page.
            APITimeoutError: No response within the connect or request timeout.
        """
    def reply(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> FinalMessage:
        """The whole reply to ``message`` in the session ``session_id``, in the
        provider-neutral form, the same for every API: its one-shot call where it has one (the
        Developer API, the widget-key API), else its stream read to the end.

        Args:
            session_id: The session to continue.
            message: The message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
            StreamEndedError: The stream ended before its terminal event.
        """
    def conversation(
        self,
        *,
        session_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> Conversation[devapi.ChatEvent]:
        """A conversation: turns sent in one session, with the ids the server gives kept for
        the next turn. To resume one, pass the ids its ``session_id`` and ``conversation_id``
        gave. Its history comes from the sessions listing.

        Args:
            session_id: The session of every turn; when left out, the server assigns one with the first reply.
            conversation_id: The server's id of the conversation, to resume one.
            timeout: Each turn's request timeout in seconds, over the client's.
            connect_timeout: Each turn's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each turn's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each turn's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each turn's retries after a failed attempt, over the client's.
            extra_headers: Headers for each turn, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    @property
    def with_raw_response(self) -> DevApiWithRawResponse:
        """The same calls, each answering its HTTP response (``.status_code``, ``.headers``,
        ``.request_id``) with the typed value (``.parse()``)."""

@final
class DevApiWithRawResponse:
    """``DevApi``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    def chat(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.ChatResponse]:
        """``POST /api/v1/chat`` with ``stream: false``: the whole answer.

        Args:
            message: The user's message.
            session_id: The session to continue; the server starts one when absent.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def get_usage(
        self,
        *,
        start_date: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.UsageResponse]:
        """``GET /api/v1/usage``: requests, tokens and cost, in all and by model.

        Args:
            start_date: The first day counted, ``YYYY-MM-DD``.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def list_sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.SessionsResponse]:
        """``GET /api/v1/sessions``: a page of sessions.

        Args:
            include_all: Include each session's messages.
            page: The page, from 1.
            per_page: Sessions per page, 1 to 100.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """

@final
class AsyncDevApi(_Client):
    """``api_key`` and ``base_url`` left out come from ``DEVAPI_API_KEY`` and ``DEVAPI_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``.
    ``rate_limit="wait"`` makes each call wait for a slot under the API's documented rate
    limits and those of ``rate_limits`` (``{"export_conversation": (30, 1.0), "*": (100, 60)}``:
    requests per span of seconds, by operation or ``"*"`` for every call) instead of drawing a
    ``429``; copies made by ``with_options`` share the budget."""
    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        origin: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        rate_limit: Optional[_RateLimitMode] = None,
        rate_limits: Optional[_RateLimits] = None,
    ) -> Self: ...
    async def chat(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.ChatResponse:
        """``POST /api/v1/chat`` with ``stream: false``: the whole answer.

        Args:
            message: The user's message.
            session_id: The session to continue; the server starts one when absent.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def chat_stream(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncChatStream[devapi.ChatEvent]:
        """``POST /api/v1/chat`` with ``stream: true``: the answer, streamed.

        Args:
            message: The user's message.
            session_id: The session to continue; the server starts one when absent.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Returns:
            The answer's ``chatwire.devapi`` events, as they arrive.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status before the stream began (a subclass per
                status: ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_usage(
        self,
        *,
        start_date: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.UsageResponse:
        """``GET /api/v1/usage``: requests, tokens and cost, in all and by model.

        Args:
            start_date: The first day counted, ``YYYY-MM-DD``.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def list_sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.SessionsResponse:
        """``GET /api/v1/sessions``: a page of sessions.

        Args:
            include_all: Include each session's messages.
            page: The page, from 1.
            per_page: Sessions per page, 1 to 100.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncPageIterator[devapi.Session]:
        """``GET /api/v1/sessions``, page after page: every session, most recent first
        (``async for session in client.sessions()``). A page is fetched when the loop reaches it,
        until ``meta.has_more`` says none follows; leaving the loop early fetches no more.

        Args:
            include_all: Include each session's messages.
            page: The first page read, from 1 (default 1).
            per_page: Sessions per page, 1 to 100.
            timeout: Each page's request timeout in seconds, over the client's.
            connect_timeout: Each page's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Unused by a listing; taken as every call takes it.
            stream_timeout: Unused by a listing; taken as every call takes it.
            max_retries: Each page's retries after a failed attempt, over the client's.
            extra_headers: Headers for each page's request, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused (when the first page is read).
            APIError: The server answered an error status for a page.
            APIConnectionError: No response came for a page.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def reply(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> FinalMessage:
        """The whole reply to ``message`` in the session ``session_id``, in the
        provider-neutral form, the same for every API: its one-shot call where it has one (the
        Developer API, the widget-key API), else its stream read to the end.

        Args:
            session_id: The session to continue.
            message: The message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
            StreamEndedError: The stream ended before its terminal event.
        """
    def conversation(
        self,
        *,
        session_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncConversation[devapi.ChatEvent]:
        """A conversation: turns sent in one session, with the ids the server gives kept for
        the next turn. To resume one, pass the ids its ``session_id`` and ``conversation_id``
        gave. Its history comes from the sessions listing.

        Args:
            session_id: The session of every turn; when left out, the server assigns one with the first reply.
            conversation_id: The server's id of the conversation, to resume one.
            timeout: Each turn's request timeout in seconds, over the client's.
            connect_timeout: Each turn's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each turn's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each turn's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each turn's retries after a failed attempt, over the client's.
            extra_headers: Headers for each turn, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    @property
    def with_raw_response(self) -> AsyncDevApiWithRawResponse:
        """The same calls, each answering its HTTP response (``.status_code``, ``.headers``,
        ``.request_id``) with the typed value (``.parse()``)."""

@final
class AsyncDevApiWithRawResponse:
    """``AsyncDevApi``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    async def chat(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.ChatResponse]:
        """``POST /api/v1/chat`` with ``stream: false``: the whole answer.

        Args:
            message: The user's message.
            session_id: The session to continue; the server starts one when absent.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def get_usage(
        self,
        *,
        start_date: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.UsageResponse]:
        """``GET /api/v1/usage``: requests, tokens and cost, in all and by model.

        Args:
            start_date: The first day counted, ``YYYY-MM-DD``.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def list_sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.SessionsResponse]:
        """``GET /api/v1/sessions``: a page of sessions.

        Args:
            include_all: Include each session's messages.
            page: The page, from 1.
            per_page: Sessions per page, 1 to 100.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """

@final
class WidgetKey(_Client):
    """``api_key`` and ``base_url`` left out come from ``WIDGETKEY_API_KEY`` and
    ``WIDGETKEY_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``.
    ``rate_limit="wait"`` makes each call wait for a slot under the API's documented rate
    limits and those of ``rate_limits`` (``{"export_conversation": (30, 1.0), "*": (100, 60)}``:
    requests per span of seconds, by operation or ``"*"`` for every call) instead of drawing a
    ``429``; copies made by ``with_options`` share the budget."""
    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        key_header: Optional[Literal["x-api-key", "x-widget-api-key"]] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        rate_limit: Optional[_RateLimitMode] = None,
        rate_limits: Optional[_RateLimits] = None,
    ) -> Self: ...
    def chat(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> widgetkey.ChatResponse:
        """``POST /v1/chat``: the whole answer.

        Args:
            session_id: Identifies the conversation across requests;
                ``^[A-Za-z0-9._:-]{1,128}$``.
            message: The user's message, 1 to 4000 characters.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> ChatStream[widgetkey.StreamEvent]:
        """``POST /v1/chat/stream``: the answer, streamed as sent (the docs give no event
        schema).

        Args:
            session_id: Identifies the conversation across requests;
                ``^[A-Za-z0-9._:-]{1,128}$``.
            message: The user's message, 1 to 4000 characters.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Returns:
            The stream's events, each as sent (``chatwire.widgetkey.StreamEvent``).

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status before the stream began (a subclass per
                status: ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    def reply(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> FinalMessage:
        """The whole reply to ``message`` in the session ``session_id``, in the
        provider-neutral form, the same for every API: its one-shot call where it has one (the
        Developer API, the widget-key API), else its stream read to the end.

        Args:
            session_id: The session (``^[A-Za-z0-9._:-]{1,128}$``).
            message: The message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
            StreamEndedError: The stream ended before its terminal event.
        """
    def conversation(
        self,
        *,
        session_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> Conversation[widgetkey.StreamEvent]:
        """A conversation: turns sent in one session, with the ids the server gives kept for
        the next turn. To resume one, pass the ids its ``session_id`` and ``conversation_id``
        gave. Its history comes from none: the widget-key API keeps no history a client can read, so ``history()`` raises ``ValidationError``.

        Args:
            session_id: The session of every turn; a new ``chatwire-<uuid>`` id is made when left out.
            conversation_id: The server's id of the conversation, to resume one.
            timeout: Each turn's request timeout in seconds, over the client's.
            connect_timeout: Each turn's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each turn's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each turn's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each turn's retries after a failed attempt, over the client's.
            extra_headers: Headers for each turn, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    @property
    def with_raw_response(self) -> WidgetKeyWithRawResponse:
        """The same calls, each answering its HTTP response (``.status_code``, ``.headers``,
        ``.request_id``) with the typed value (``.parse()``)."""

@final
class WidgetKeyWithRawResponse:
    """``WidgetKey``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    def chat(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[widgetkey.ChatResponse]:
        """``POST /v1/chat``: the whole answer.

        Args:
            session_id: Identifies the conversation across requests;
                ``^[A-Za-z0-9._:-]{1,128}$``.
            message: The user's message, 1 to 4000 characters.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """

@final
class AsyncWidgetKey(_Client):
    """``api_key`` and ``base_url`` left out come from ``WIDGETKEY_API_KEY`` and
    ``WIDGETKEY_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``.
    ``rate_limit="wait"`` makes each call wait for a slot under the API's documented rate
    limits and those of ``rate_limits`` (``{"export_conversation": (30, 1.0), "*": (100, 60)}``:
    requests per span of seconds, by operation or ``"*"`` for every call) instead of drawing a
    ``429``; copies made by ``with_options`` share the budget."""
    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        key_header: Optional[Literal["x-api-key", "x-widget-api-key"]] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        rate_limit: Optional[_RateLimitMode] = None,
        rate_limits: Optional[_RateLimits] = None,
    ) -> Self: ...
    async def chat(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> widgetkey.ChatResponse:
        """``POST /v1/chat``: the whole answer.

        Args:
            session_id: Identifies the conversation across requests;
                ``^[A-Za-z0-9._:-]{1,128}$``.
            message: The user's message, 1 to 4000 characters.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncChatStream[widgetkey.StreamEvent]:
        """``POST /v1/chat/stream``: the answer, streamed as sent (the docs give no event
        schema).

        Args:
            session_id: Identifies the conversation across requests;
                ``^[A-Za-z0-9._:-]{1,128}$``.
            message: The user's message, 1 to 4000 characters.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Returns:
            The stream's events, each as sent (``chatwire.widgetkey.StreamEvent``).

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status before the stream began (a subclass per
                status: ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
    async def reply(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> FinalMessage:
        """The whole reply to ``message`` in the session ``session_id``, in the
        provider-neutral form, the same for every API: its one-shot call where it has one (the
        Developer API, the widget-key API), else its stream read to the end.

        Args:
            session_id: The session (``^[A-Za-z0-9._:-]{1,128}$``).
            message: The message.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
            StreamEndedError: The stream ended before its terminal event.
        """
    def conversation(
        self,
        *,
        session_id: Optional[str] = None,
        conversation_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncConversation[widgetkey.StreamEvent]:
        """A conversation: turns sent in one session, with the ids the server gives kept for
        the next turn. To resume one, pass the ids its ``session_id`` and ``conversation_id``
        gave. Its history comes from none: the widget-key API keeps no history a client can read, so ``history()`` raises ``ValidationError``.

        Args:
            session_id: The session of every turn; a new ``chatwire-<uuid>`` id is made when left out.
            conversation_id: The server's id of the conversation, to resume one.
            timeout: Each turn's request timeout in seconds, over the client's.
            connect_timeout: Each turn's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: Each turn's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: Each turn's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: Each turn's retries after a failed attempt, over the client's.
            extra_headers: Headers for each turn, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused.
        """
    @property
    def with_raw_response(self) -> AsyncWidgetKeyWithRawResponse:
        """The same calls, each answering its HTTP response (``.status_code``, ``.headers``,
        ``.request_id``) with the typed value (``.parse()``)."""

@final
class AsyncWidgetKeyWithRawResponse:
    """``AsyncWidgetKey``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    async def chat(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        stream_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[widgetkey.ChatResponse]:
        """``POST /v1/chat``: the whole answer.

        Args:
            session_id: Identifies the conversation across requests;
                ``^[A-Za-z0-9._:-]{1,128}$``.
            message: The user's message, 1 to 4000 characters.
            timeout: This call's request timeout in seconds, over the client's.
            connect_timeout: This call's timeout to open a connection in seconds, over the
                client's.
            idle_timeout: This call's longest gap between stream events in seconds, over the
                client's.
            stream_timeout: This call's deadline for a whole stream in seconds, from the start
                of the call, over the client's (none by default); past it the stream ends with
                ``StreamDeadlineError``.
            max_retries: This call's retries after a failed attempt, over the client's.
            extra_headers: Headers for this call, added to (and over) the client's.

        Raises:
            ValidationError: An argument was refused before anything was sent.
            APIError: The server answered an error status (a subclass per status:
                ``AuthenticationError``, ``RateLimitError`` …).
            APIConnectionError: No response came: the connection was refused or reset, or broke off.
            APITimeoutError: No response within the connect or request timeout.
        """
