"""Mevichat's models and events: what ``chatwire.Mevichat`` and ``chatwire.AsyncMevichat``
answer, and each event of their streams (``ChatEvent``; match on ``event.type``)."""

from typing_extensions import Self, final
from enum import Enum
import pathlib
from typing import Any, Literal, Optional, Union

from chatwire._exceptions import ChatwireError

__all__ = ['MetaEvent', 'TokenEvent', 'BlockedEvent', 'ErrorEvent', 'DoneEvent', 'UnknownEvent', 'Bot', 'WidgetConfigResponse', 'ExportSession', 'ExportMessage', 'ExportResponse', 'ExportProgress', 'ExportedFile', 'ExportFailure', 'ExportSummary', 'ChatEvent', 'ErrorCode', 'ExportErrorCode', 'StreamErrorCode', 'FinishReason']

@final
class MetaEvent:
    """`meta`: session info, always first."""
    __match_args__ = ('session_id', 'message_id', 'extra')
    @property
    def type(self) -> Literal["meta"]:
        """The event's kind, `"meta"`, to match on."""
    @property
    def session_id(self) -> str:
        """The session."""
    @property
    def message_id(self) -> int:
        """The id of the assistant's message."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class TokenEvent:
    """`token`: the next piece of the reply."""
    __match_args__ = ('text', 'extra')
    @property
    def type(self) -> Literal["token"]:
        """The event's kind, `"token"`, to match on."""
    @property
    def text(self) -> str:
        """The next piece of the reply's text."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class BlockedEvent:
    """`blocked`: moderation replaced the reply; `done` follows."""
    __match_args__ = ('reason', 'fallback', 'extra')
    @property
    def type(self) -> Literal["blocked"]:
        """The event's kind, `"blocked"`, to match on."""
    @property
    def reason(self) -> str:
        """Why moderation replaced the reply (`blocked_pattern`)."""
    @property
    def fallback(self) -> str:
        """The text to show instead."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ErrorEvent:
    """`error`: an error after the stream opened; `done` follows."""
    __match_args__ = ('code', 'plan', 'used', 'cap', 'message', 'extra')
    @property
    def type(self) -> Literal["error"]:
        """The event's kind, `"error"`, to match on."""
    @property
    def code(self) -> Union[Literal["quota_exceeded", "provider_auth_failed"], str]:
        """What failed: `quota_exceeded`, `provider_auth_failed` (``StreamErrorCode``), or a
        code the docs do not name, as sent."""
    @property
    def plan(self) -> Optional[str]:
        """The workspace's plan, for quota errors."""
    @property
    def used(self) -> Optional[int]:
        """Messages used, for quota errors."""
    @property
    def cap(self) -> Optional[int]:
        """The plan's cap, for quota errors."""
    @property
    def message(self) -> Optional[str]:
        """The error, in words."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class DoneEvent:
    """`done`: the last event, with metering."""
    __match_args__ = ('finish_reason', 'tokens_in', 'tokens_out', 'latency_ms', 'model', 'extra')
    @property
    def type(self) -> Literal["done"]:
        """The event's kind, `"done"`, to match on."""
    @property
    def finish_reason(self) -> Union[Literal["stop", "error", "blocked", "quota_exceeded"], str]:
        """How the turn ended: `stop`, `error`, `blocked`, `quota_exceeded` (``FinishReason``),
        or a value the docs do not name, as sent."""
    @property
    def tokens_in(self) -> int:
        """Input tokens."""
    @property
    def tokens_out(self) -> int:
        """Output tokens."""
    @property
    def latency_ms(self) -> int:
        """Time to the whole reply."""
    @property
    def model(self) -> Optional[str]:
        """The model that answered, as `provider:model`."""
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

ChatEvent = Union[MetaEvent, TokenEvent, BlockedEvent, ErrorEvent, DoneEvent, UnknownEvent]
"""Every event a Mevichat stream yields; match on `event.type`."""

@final
class Bot:
    """The widget's display configuration."""
    __match_args__ = ('name', 'welcome_message', 'logo_url', 'primary_color', 'position', 'theme_mode', 'font_family', 'border_radius', 'quick_replies', 'custom_css_vars', 'extra')
    @property
    def name(self) -> Optional[str]:
        """The bot's name."""
    @property
    def welcome_message(self) -> Optional[str]:
        """The first message the widget shows."""
    @property
    def logo_url(self) -> Optional[str]:
        """The logo's URL."""
    @property
    def primary_color(self) -> Optional[str]:
        """The main color, as `#RRGGBB`."""
    @property
    def position(self) -> Optional[str]:
        """Where the widget sits (`right`)."""
    @property
    def theme_mode(self) -> Optional[str]:
        """The theme (`light`)."""
    @property
    def font_family(self) -> Optional[str]:
        """The font."""
    @property
    def border_radius(self) -> Optional[int]:
        """The corner radius, in pixels."""
    @property
    def quick_replies(self) -> list[str]:
        """Suggested replies."""
    @property
    def custom_css_vars(self) -> dict[str, Any]:
        """CSS custom properties."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class WidgetConfigResponse:
    """`get_widget_config`'s answer."""
    __match_args__ = ('bot', 'extra')
    @property
    def bot(self) -> Bot:
        """The bot's display configuration."""
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
class ExportSession:
    """The exported conversation's session."""
    __match_args__ = ('id', 'bot_slug', 'source', 'visitor_id', 'visitor_metadata', 'referrer', 'user_agent', 'started_at', 'last_activity_at', 'extra')
    @property
    def id(self) -> str:
        """The session id."""
    @property
    def bot_slug(self) -> Optional[str]:
        """The bot's slug."""
    @property
    def source(self) -> Optional[str]:
        """Where the conversation happened (`widget`)."""
    @property
    def visitor_id(self) -> Optional[str]:
        """The visitor id sent with the chat."""
    @property
    def visitor_metadata(self) -> dict[str, Any]:
        """The visitor metadata sent with the chat."""
    @property
    def referrer(self) -> Optional[str]:
        """The page the visitor came from."""
    @property
    def user_agent(self) -> Optional[str]:
        """The visitor's browser."""
    @property
    def started_at(self) -> Optional[str]:
        """When the session began (RFC 3339)."""
    @property
    def last_activity_at(self) -> Optional[str]:
        """When it was last active (RFC 3339)."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ExportMessage:
    """One message of an exported transcript."""
    __match_args__ = ('id', 'role', 'content', 'rating', 'model', 'tokens_in', 'tokens_out', 'latency_ms', 'status', 'error_message', 'rag_chunks_used', 'tools_called', 'created_at', 'extra')
    @property
    def id(self) -> str:
        """The message id."""
    @property
    def role(self) -> str:
        """Who wrote it: `user`, `assistant`, or a value the docs do not name, as sent."""
    @property
    def content(self) -> str:
        """The text."""
    @property
    def rating(self) -> str:
        """The visitor's rating: `up`, `down`, `""` when not rated, or a value the docs
        do not name, as sent."""
    @property
    def model(self) -> str:
        """The model, for assistant messages."""
    @property
    def tokens_in(self) -> int:
        """Input tokens."""
    @property
    def tokens_out(self) -> int:
        """Output tokens."""
    @property
    def latency_ms(self) -> int:
        """Time to the reply."""
    @property
    def status(self) -> Optional[str]:
        """How it ended: `done`, `blocked`, `error`, or a value the docs do not name, as
        sent."""
    @property
    def error_message(self) -> str:
        """The error, when it failed."""
    @property
    def rag_chunks_used(self) -> list[Any]:
        """Knowledge-base chunks the reply drew on."""
    @property
    def tools_called(self) -> list[Any]:
        """Tools the reply called."""
    @property
    def created_at(self) -> Optional[str]:
        """When it was written (RFC 3339)."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ExportResponse:
    """`export_conversation`'s answer: a whole conversation and its suggested file name."""
    __match_args__ = ('session', 'messages', 'file_name', 'extra')
    @property
    def session(self) -> ExportSession:
        """The session."""
    @property
    def messages(self) -> list[ExportMessage]:
        """The transcript, oldest first."""
    @property
    def file_name(self) -> Optional[str]:
        """From `Content-Disposition` (`session-<uuid>.json`), when sent."""
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
class ExportProgress:
    """One session ``export_all`` is done with, as its ``on_progress`` callback hears it."""
    __match_args__ = ('session_id', 'status', 'reason', 'done', 'total')
    @property
    def session_id(self) -> str:
        """The session."""
    @property
    def status(self) -> Literal["written", "skipped", "failed"]:
        """What became of it: its transcript was written, its file was already there and whole,
        or it failed."""
    @property
    def reason(self) -> Optional[str]:
        """Why it failed, in words; ``None`` unless it failed."""
    @property
    def done(self) -> int:
        """Sessions done so far, this one included."""
    @property
    def total(self) -> int:
        """Sessions in all."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ExportedFile:
    """A transcript ``export_all`` wrote, or found whole and skipped."""
    __match_args__ = ('session_id', 'path')
    @property
    def session_id(self) -> str:
        """The session."""
    @property
    def path(self) -> pathlib.Path:
        """Its file."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ExportFailure:
    """A session ``export_all`` could not export."""
    __match_args__ = ('session_id', 'error')
    @property
    def session_id(self) -> str:
        """The session."""
    @property
    def error(self) -> ChatwireError:
        """The exception it ended with, as a call would raise it (``NotFoundError`` for an
        unknown session, with ``.status`` and ``.code``)."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ExportSummary:
    """What ``export_all`` did, each list in the order the sessions were given."""
    __match_args__ = ('written', 'skipped', 'failed')
    @property
    def written(self) -> list[ExportedFile]:
        """Transcripts written."""
    @property
    def skipped(self) -> list[ExportedFile]:
        """Files already there, whole, left as they were."""
    @property
    def failed(self) -> list[ExportFailure]:
        """Sessions that failed, with their exceptions."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

class ErrorCode(str, Enum):
    """``ErrorCode``: the ``error`` of a pre-stream error body. A ``str`` equal to the value
    the API sends; ``str()`` of a member is that value."""
    INVALID_JSON = "invalid_json"
    """The body is not valid JSON."""
    INVALID_MESSAGE = "invalid_message"
    """``public_key``, ``session_id`` or ``message`` is missing."""
    MESSAGE_TOO_LONG = "message_too_long"
    """``message`` exceeds 4000 characters."""
    INVALID_SESSION_ID = "invalid_session_id"
    """``session_id`` is not a UUID."""
    INVALID_API_KEY = "invalid_api_key"
    """The key is revoked or unknown."""
    ORIGIN_NOT_ALLOWED = "origin_not_allowed"
    """The ``Origin`` is not among the key's allowed domains."""
    METHOD_NOT_ALLOWED = "method_not_allowed"
    """Only the documented method is accepted."""
    RATE_LIMITED = "rate_limited"
    """60 requests a minute per IP."""

class ExportErrorCode(str, Enum):
    """The ``detail`` of an export's ``401`` body (``ExportAuthError``). A ``str`` equal to
    the value the API sends; ``str()`` of a member is that value."""
    AUTHENTICATION_REQUIRED = "authentication_required"
    """No JWT, or an invalid one."""
    NO_WORKSPACE = "no_workspace"
    """The user belongs to no workspace."""

class StreamErrorCode(str, Enum):
    """``StreamErrorCode``: the ``code`` of an ``error`` event. The docs name only
    ``quota_exceeded``. A ``str`` equal to the value the API sends; ``str()`` of a member is
    that value."""
    QUOTA_EXCEEDED = "quota_exceeded"
    """The plan's message quota is used up."""
    PROVIDER_AUTH_FAILED = "provider_auth_failed"
    """The LLM provider refused the workspace's credentials."""

class FinishReason(str, Enum):
    """``FinishReason``: how a turn ended; ``Stop`` is a clean completion. A ``str`` equal
    to the value the API sends; ``str()`` of a member is that value."""
    STOP = "stop"
    """The reply is complete."""
    ERROR = "error"
    """An error event came before."""
    BLOCKED = "blocked"
    """Moderation replaced the reply."""
    QUOTA_EXCEEDED = "quota_exceeded"
    """The workspace is out of quota."""
