"""The Developer API's models and events: what ``chatwire.DevApi`` and ``chatwire.AsyncDevApi``
answer, and each event of their streams (``ChatEvent``; match on ``event.type``)."""

from typing_extensions import Self, final
from enum import Enum
from typing import Any, Literal, Optional, Union

__all__ = ['ChatResponse', 'MessageEvent', 'EndEvent', 'UnknownEvent', 'Usage', 'ModelUsage', 'UsageResponse', 'SessionMessage', 'Session', 'PageMeta', 'SessionsResponse', 'ChatEvent', 'ErrorCode']

@final
class ChatResponse:
    """`chat`'s answer."""
    __match_args__ = ('success', 'session_id', 'content', 'extra')
    @property
    def success(self) -> bool:
        """`True` on success."""
    @property
    def session_id(self) -> Optional[str]:
        """The session, to continue it."""
    @property
    def content(self) -> Optional[str]:
        """The reply."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class MessageEvent:
    """`message`: the next piece of the answer."""
    __match_args__ = ('content', 'extra')
    @property
    def type(self) -> Literal["message"]:
        """The event's kind, `"message"`, to match on."""
    @property
    def content(self) -> str:
        """The next piece of the answer's text."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class EndEvent:
    """`end`: the last event."""
    __match_args__ = ('session_id', 'extra')
    @property
    def type(self) -> Literal["end"]:
        """The event's kind, `"end"`, to match on."""
    @property
    def session_id(self) -> str:
        """The session, to continue it."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class UnknownEvent:
    """An event the docs do not name, kept whole."""
    __match_args__ = ('event', 'data')
    @property
    def type(self) -> Literal["unknown"]:
        """The event's kind, `"unknown"`, to match on."""
    @property
    def event(self) -> str:
        """Its `event` name."""
    @property
    def data(self) -> str:
        """Its data, as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

ChatEvent = Union[MessageEvent, EndEvent, UnknownEvent]
"""Every event a Developer API stream yields; match on `event.type`."""

@final
class Usage:
    """Totals of requests, tokens and cost."""
    __match_args__ = ('total_requests', 'total_input_tokens', 'total_output_tokens', 'total_tokens', 'total_cost', 'extra')
    @property
    def total_requests(self) -> int:
        """Requests made."""
    @property
    def total_input_tokens(self) -> int:
        """Input tokens."""
    @property
    def total_output_tokens(self) -> int:
        """Output tokens."""
    @property
    def total_tokens(self) -> int:
        """All tokens."""
    @property
    def total_cost(self) -> float:
        """Cost, in dollars."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ModelUsage:
    """One model's usage."""
    __match_args__ = ('model', 'usage', 'extra')
    @property
    def model(self) -> Optional[str]:
        """The model."""
    @property
    def usage(self) -> Usage:
        """The model's totals."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class UsageResponse:
    """`get_usage`'s answer."""
    __match_args__ = ('success', 'usage', 'by_model', 'extra')
    @property
    def success(self) -> bool:
        """`True` on success."""
    @property
    def usage(self) -> Usage:
        """The totals."""
    @property
    def by_model(self) -> list[ModelUsage]:
        """The totals per model."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class SessionMessage:
    """One message of a session."""
    __match_args__ = ('role', 'content', 'created_at', 'extra')
    @property
    def role(self) -> Optional[str]:
        """Who wrote it."""
    @property
    def content(self) -> Optional[str]:
        """The text."""
    @property
    def created_at(self) -> Optional[str]:
        """When it was written (RFC 3339)."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class Session:
    """One session."""
    __match_args__ = ('session_id', 'last_at', 'total_tokens', 'preview', 'messages', 'extra')
    @property
    def session_id(self) -> str:
        """The session id."""
    @property
    def last_at(self) -> Optional[str]:
        """Its last activity (RFC 3339)."""
    @property
    def total_tokens(self) -> int:
        """Tokens used."""
    @property
    def preview(self) -> Optional[str]:
        """The start of the latest reply."""
    @property
    def messages(self) -> Optional[list[SessionMessage]]:
        """The messages, with `include_all`."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class PageMeta:
    """Where a page of sessions stands."""
    __match_args__ = ('current_page', 'per_page', 'has_more', 'extra')
    @property
    def current_page(self) -> int:
        """This page, from 1."""
    @property
    def per_page(self) -> int:
        """Sessions per page."""
    @property
    def has_more(self) -> bool:
        """Whether a next page exists."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class SessionsResponse:
    """`list_sessions`'s answer."""
    __match_args__ = ('success', 'sessions', 'meta', 'extra')
    @property
    def success(self) -> bool:
        """`True` on success."""
    @property
    def sessions(self) -> list[Session]:
        """The page's sessions."""
    @property
    def meta(self) -> PageMeta:
        """Where this page stands: its number, its size, whether more follow."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

class ErrorCode(str, Enum):
    """``ErrorCode``: the ``error`` of a Developer API error body. A ``str`` equal to the
    value the API sends; ``str()`` of a member is that value."""
    INVALID_REQUEST = "invalid_request"
    """A field is missing or of the wrong type."""
    INVALID_API_KEY = "invalid_api_key"
    """The key is missing or unknown."""
    ORIGIN_NOT_ALLOWED = "origin_not_allowed"
    """The ``Origin`` is not among the key's allowed origins."""
    RATE_LIMITED = "rate_limited"
    """Too many requests."""
