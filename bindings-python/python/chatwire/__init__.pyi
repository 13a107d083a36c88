from typing_extensions import Self, final
from types import TracebackType
from typing import Any, AsyncIterator, Generic, Iterator, Literal, Mapping, Optional, TypeVar, Union
import os

from chatwire._exceptions import (
    APIConnectionError as APIConnectionError,
    APIError as APIError,
    APITimeoutError as APITimeoutError,
    AuthenticationError as AuthenticationError,
    BadRequestError as BadRequestError,
    ChatwireError as ChatwireError,
    DecodeError as DecodeError,
    InternalServerError as InternalServerError,
    NotFoundError as NotFoundError,
    PermissionDeniedError as PermissionDeniedError,
    RateLimitError as RateLimitError,
    RedirectError as RedirectError,
    StreamEndedError as StreamEndedError,
    StreamIdleTimeoutError as StreamIdleTimeoutError,
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
    "AsyncDevApi",
    "AsyncDevApiWithRawResponse",
    "AsyncMevichat",
    "AsyncMevichatWithRawResponse",
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

__version__: str

_Self = TypeVar("_Self")
_E = TypeVar("_E", covariant=True)

@final
class TokenUsage:
    __match_args__ = ("tokens_in", "tokens_out")
    @property
    def tokens_in(self) -> int: ...
    @property
    def tokens_out(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Finish:
    __match_args__ = ("finish_reason", "session_id", "conversation_id", "usage", "latency_ms", "model")
    @property
    def finish_reason(self) -> Optional[str]: ...
    @property
    def session_id(self) -> Optional[str]: ...
    @property
    def conversation_id(self) -> Optional[str]: ...
    @property
    def usage(self) -> Optional[TokenUsage]: ...
    @property
    def latency_ms(self) -> Optional[int]: ...
    @property
    def model(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class FinalMessage:
    __match_args__ = ("text", "message_id", "finish", "blocked_reason")
    @property
    def text(self) -> str: ...
    @property
    def message_id(self) -> Optional[str]: ...
    @property
    def finish(self) -> Finish: ...
    @property
    def blocked_reason(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class StartedEvent:
    __match_args__ = ("session_id", "message_id")
    @property
    def type(self) -> Literal["started"]: ...
    @property
    def session_id(self) -> Optional[str]: ...
    @property
    def message_id(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class DeltaEvent:
    __match_args__ = ("text",)
    @property
    def type(self) -> Literal["delta"]: ...
    @property
    def text(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class BlockedEvent:
    __match_args__ = ("reason", "fallback")
    @property
    def type(self) -> Literal["blocked"]: ...
    @property
    def reason(self) -> str: ...
    @property
    def fallback(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class FailedEvent:
    __match_args__ = ("code", "message")
    @property
    def type(self) -> Literal["failed"]: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class FinishedEvent:
    __match_args__ = ("finish",)
    @property
    def type(self) -> Literal["finished"]: ...
    @property
    def finish(self) -> Finish: ...
    def to_dict(self) -> dict[str, Any]: ...

ChatEvent = Union[StartedEvent, DeltaEvent, BlockedEvent, FailedEvent, FinishedEvent]

@final
class ChatStream(Generic[_E]):
    def __class_getitem__(cls, item: Any) -> Any: ...
    """A chat reply, event by event. Leaving ``with``, ``close()`` or garbage collection closes
    the connection."""
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
    def neutral(self) -> ChatStream[ChatEvent]: ...
    def text(self) -> str: ...
    def final_message(self) -> FinalMessage: ...
    def close(self) -> None: ...
    def __enter__(self: _Self) -> _Self: ...
    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...

@final
class AsyncChatStream(Generic[_E]):
    def __class_getitem__(cls, item: Any) -> Any: ...
    """A chat reply, event by event, for ``async for``."""
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
    def neutral(self) -> AsyncChatStream[ChatEvent]: ...
    async def text(self) -> str: ...
    async def final_message(self) -> FinalMessage: ...
    async def aclose(self) -> None: ...
    def close(self) -> None: ...
    async def __aenter__(self: _Self) -> _Self: ...
    async def __aexit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...

_Headers = Optional[Mapping[str, str]]

class _Client:
    def close(self) -> None: ...
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
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> _Self: ...

@final
class Mevichat(_Client):
    """``public_key``, ``origin``, ``export_token`` and ``base_url`` left out come from
    ``MEVICHAT_PUBLIC_KEY``, ``MEVICHAT_ORIGIN``, ``MEVICHAT_EXPORT_TOKEN`` and ``MEVICHAT_BASE_URL``
    (the base URL defaults to the hosted API). A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``."""
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
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
    ) -> Self: ...
    def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        visitor_id: Optional[str] = None,
        visitor_metadata: Optional[dict[str, Any]] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> ChatStream[mevichat.ChatEvent]: ...
    def get_widget_config(
        self,
        *,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.WidgetConfigResponse: ...
    def export_conversation(
        self,
        session_id: str,
        *,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.ExportResponse: ...
    @property
    def with_raw_response(self) -> MevichatWithRawResponse: ...

@final
class MevichatWithRawResponse:
    """``Mevichat``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    def get_widget_config(
        self,
        *,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[mevichat.WidgetConfigResponse]: ...
    def export_conversation(
        self,
        session_id: str,
        *,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[mevichat.ExportResponse]: ...

@final
class AsyncMevichat(_Client):
    """``public_key``, ``origin``, ``export_token`` and ``base_url`` left out come from
    ``MEVICHAT_PUBLIC_KEY``, ``MEVICHAT_ORIGIN``, ``MEVICHAT_EXPORT_TOKEN`` and ``MEVICHAT_BASE_URL``
    (the base URL defaults to the hosted API). A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``."""
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
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
    ) -> Self: ...
    async def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        visitor_id: Optional[str] = None,
        visitor_metadata: Optional[dict[str, Any]] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncChatStream[mevichat.ChatEvent]: ...
    async def get_widget_config(
        self,
        *,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.WidgetConfigResponse: ...
    async def export_conversation(
        self,
        session_id: str,
        *,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> mevichat.ExportResponse: ...
    @property
    def with_raw_response(self) -> AsyncMevichatWithRawResponse: ...

@final
class AsyncMevichatWithRawResponse:
    """``AsyncMevichat``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    async def get_widget_config(
        self,
        *,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[mevichat.WidgetConfigResponse]: ...
    async def export_conversation(
        self,
        session_id: str,
        *,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[mevichat.ExportResponse]: ...


@final
class Vexar(_Client):
    """``site_key`` and ``base_url`` left out come from ``VEXAR_SITE_KEY`` and ``VEXAR_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``."""
    def __new__(
        cls,
        site_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
    ) -> Self: ...
    def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        lang: Optional[str] = None,
        message_id: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> ChatStream[vexar.ChatEvent]: ...
    def get_history(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.HistoryResponse: ...
    def save_email(
        self,
        *,
        session_id: str,
        email: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SaveResponse: ...
    def save_contact(
        self,
        *,
        session_id: str,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        name: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SaveResponse: ...
    def get_operator_messages(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.OperatorMessagesResponse: ...
    def get_block_status(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.BlockStatusResponse: ...
    def get_pending_proactive(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.PendingProactiveResponse: ...
    def upload_image(
        self,
        *,
        session_id: str,
        image: Union[bytes, str, os.PathLike[str]],
        file_name: Optional[str] = None,
        content_type: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.UploadImageResponse: ...
    def rate_conversation(
        self,
        *,
        session_id: str,
        score: int,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SuccessResponse: ...
    def comment_rating(
        self,
        *,
        session_id: str,
        comment: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SuccessResponse: ...
    @property
    def with_raw_response(self) -> VexarWithRawResponse: ...

@final
class VexarWithRawResponse:
    """``Vexar``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    def get_history(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.HistoryResponse]: ...
    def save_email(
        self,
        *,
        session_id: str,
        email: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SaveResponse]: ...
    def save_contact(
        self,
        *,
        session_id: str,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        name: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SaveResponse]: ...
    def get_operator_messages(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.OperatorMessagesResponse]: ...
    def get_block_status(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.BlockStatusResponse]: ...
    def get_pending_proactive(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.PendingProactiveResponse]: ...
    def upload_image(
        self,
        *,
        session_id: str,
        image: Union[bytes, str, os.PathLike[str]],
        file_name: Optional[str] = None,
        content_type: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.UploadImageResponse]: ...
    def rate_conversation(
        self,
        *,
        session_id: str,
        score: int,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SuccessResponse]: ...
    def comment_rating(
        self,
        *,
        session_id: str,
        comment: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SuccessResponse]: ...

@final
class AsyncVexar(_Client):
    """``site_key`` and ``base_url`` left out come from ``VEXAR_SITE_KEY`` and ``VEXAR_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``."""
    def __new__(
        cls,
        site_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
    ) -> Self: ...
    async def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        lang: Optional[str] = None,
        message_id: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncChatStream[vexar.ChatEvent]: ...
    async def get_history(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.HistoryResponse: ...
    async def save_email(
        self,
        *,
        session_id: str,
        email: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SaveResponse: ...
    async def save_contact(
        self,
        *,
        session_id: str,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        name: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SaveResponse: ...
    async def get_operator_messages(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.OperatorMessagesResponse: ...
    async def get_block_status(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.BlockStatusResponse: ...
    async def get_pending_proactive(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.PendingProactiveResponse: ...
    async def upload_image(
        self,
        *,
        session_id: str,
        image: Union[bytes, str, os.PathLike[str]],
        file_name: Optional[str] = None,
        content_type: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.UploadImageResponse: ...
    async def rate_conversation(
        self,
        *,
        session_id: str,
        score: int,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SuccessResponse: ...
    async def comment_rating(
        self,
        *,
        session_id: str,
        comment: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> vexar.SuccessResponse: ...
    @property
    def with_raw_response(self) -> AsyncVexarWithRawResponse: ...

@final
class AsyncVexarWithRawResponse:
    """``AsyncVexar``'s calls, each answering an ``APIResponse``: the status, headers and request id
    beside the typed value (``.parse()``)."""
    async def get_history(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.HistoryResponse]: ...
    async def save_email(
        self,
        *,
        session_id: str,
        email: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SaveResponse]: ...
    async def save_contact(
        self,
        *,
        session_id: str,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        name: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SaveResponse]: ...
    async def get_operator_messages(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.OperatorMessagesResponse]: ...
    async def get_block_status(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.BlockStatusResponse]: ...
    async def get_pending_proactive(
        self,
        *,
        session_id: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.PendingProactiveResponse]: ...
    async def upload_image(
        self,
        *,
        session_id: str,
        image: Union[bytes, str, os.PathLike[str]],
        file_name: Optional[str] = None,
        content_type: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.UploadImageResponse]: ...
    async def rate_conversation(
        self,
        *,
        session_id: str,
        score: int,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SuccessResponse]: ...
    async def comment_rating(
        self,
        *,
        session_id: str,
        comment: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[vexar.SuccessResponse]: ...

@final
class DevApi(_Client):
    """``api_key`` and ``base_url`` left out come from ``DEVAPI_API_KEY`` and ``DEVAPI_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``."""
    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        origin: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
    ) -> Self: ...
    def chat(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.ChatResponse: ...
    def chat_stream(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> ChatStream[devapi.ChatEvent]: ...
    def get_usage(
        self,
        *,
        start_date: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.UsageResponse: ...
    def list_sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.SessionsResponse: ...
    @property
    def with_raw_response(self) -> DevApiWithRawResponse: ...

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
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.ChatResponse]: ...
    def get_usage(
        self,
        *,
        start_date: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.UsageResponse]: ...
    def list_sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.SessionsResponse]: ...

@final
class AsyncDevApi(_Client):
    """``api_key`` and ``base_url`` left out come from ``DEVAPI_API_KEY`` and ``DEVAPI_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``."""
    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        origin: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
    ) -> Self: ...
    async def chat(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.ChatResponse: ...
    async def chat_stream(
        self,
        *,
        message: str,
        session_id: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncChatStream[devapi.ChatEvent]: ...
    async def get_usage(
        self,
        *,
        start_date: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.UsageResponse: ...
    async def list_sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> devapi.SessionsResponse: ...
    @property
    def with_raw_response(self) -> AsyncDevApiWithRawResponse: ...

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
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.ChatResponse]: ...
    async def get_usage(
        self,
        *,
        start_date: Optional[str] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.UsageResponse]: ...
    async def list_sessions(
        self,
        *,
        include_all: Optional[bool] = None,
        page: Optional[int] = None,
        per_page: Optional[int] = None,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[devapi.SessionsResponse]: ...

@final
class WidgetKey(_Client):
    """``api_key`` and ``base_url`` left out come from ``WIDGETKEY_API_KEY`` and
    ``WIDGETKEY_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``."""
    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        key_header: Optional[Literal["x-api-key", "x-widget-api-key"]] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
    ) -> Self: ...
    def chat(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> widgetkey.ChatResponse: ...
    def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> ChatStream[widgetkey.StreamEvent]: ...
    @property
    def with_raw_response(self) -> WidgetKeyWithRawResponse: ...

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
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[widgetkey.ChatResponse]: ...

@final
class AsyncWidgetKey(_Client):
    """``api_key`` and ``base_url`` left out come from ``WIDGETKEY_API_KEY`` and
    ``WIDGETKEY_BASE_URL``. A value missing from both is a ``ValidationError``
    naming the argument and the variable. ``ca_file`` adds the CAs of a PEM file to the system's;
    ``proxy`` sends every request through a proxy, bypassed for the hosts of ``no_proxy``."""
    def __new__(
        cls,
        api_key: Optional[str] = None,
        *,
        key_header: Optional[Literal["x-api-key", "x-widget-api-key"]] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: _Headers = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
    ) -> Self: ...
    async def chat(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> widgetkey.ChatResponse: ...
    async def chat_stream(
        self,
        *,
        session_id: str,
        message: str,
        timeout: Optional[float] = None,
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> AsyncChatStream[widgetkey.StreamEvent]: ...
    @property
    def with_raw_response(self) -> AsyncWidgetKeyWithRawResponse: ...

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
        idle_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        extra_headers: _Headers = None,
    ) -> APIResponse[widgetkey.ChatResponse]: ...
