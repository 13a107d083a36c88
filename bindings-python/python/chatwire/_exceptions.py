"""The exceptions chatwire raises, all under :class:`ChatwireError`.

The Rust core decides which one applies; these classes only carry what it found. Every class
pickles: its keyword fields have defaults, and they travel in ``__dict__``.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = [
    "ChatwireError",
    "APIError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "MethodNotAllowedError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "RedirectError",
    "APIConnectionError",
    "APITimeoutError",
    "StreamDeadlineError",
    "StreamIdleTimeoutError",
    "StreamEndedError",
    "DecodeError",
    "OperatorModeError",
    "FileError",
    "ValidationError",
]


class ChatwireError(Exception):
    """The base of every chatwire error."""

    def __init__(self, description: str, **fields: Any) -> None:
        super().__init__(description)
        self.__dict__.update(fields)


class APIError(ChatwireError):
    """The server answered with an error status, or reported an error inside a stream
    (then ``status`` is ``None``). ``code`` is the provider's error code, which its module's
    ``ErrorCode`` (or ``StreamErrorCode``) names; ``retry_after`` is the wait in seconds that
    the response's ``Retry-After`` asked for, ``None`` when it sent none."""

    status: Optional[int]
    """The HTTP status; ``None`` for an error reported inside a stream."""
    code: Optional[str]
    """The provider's error code (``rate_limited``, ``invalid_api_key``), when it sent one."""
    message: str
    """The provider's message, or the status's reason phrase."""
    request_id: Optional[str]
    """The request id the server sent with the response, if any."""
    body: Optional[str]
    """The raw response body, as received (cut to 4 KiB)."""
    retry_after: Optional[float]
    """The seconds the response's ``Retry-After`` asked to wait, or ``None``."""

    def __init__(
        self,
        description: str,
        *,
        status: Optional[int] = None,
        code: Optional[str] = None,
        message: str = "",
        request_id: Optional[str] = None,
        body: Optional[str] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(
            description,
            status=status,
            code=code,
            message=message,
            request_id=request_id,
            body=body,
            retry_after=retry_after,
        )


class BadRequestError(APIError):
    """400."""


class AuthenticationError(APIError):
    """401."""


class PermissionDeniedError(APIError):
    """403."""


class NotFoundError(APIError):
    """404."""


class MethodNotAllowedError(APIError):
    """405."""


class ConflictError(APIError):
    """409."""


class UnprocessableEntityError(APIError):
    """422."""


class RateLimitError(APIError):
    """429."""


class InternalServerError(APIError):
    """5xx."""


class RedirectError(ChatwireError):
    """The server answered with a redirect that was not followed: to another origin (scheme,
    host or port), where the client's keys must not go, or past the cap on redirects."""

    status: int
    """The redirect's status (301, 302, 303, 307 or 308)."""
    location: str
    """Where it pointed, without its query; empty when it named no URL."""
    reason: str
    """Why it was not followed, in words."""

    def __init__(
        self, description: str, *, status: int = 0, location: str = "", reason: str = ""
    ) -> None:
        super().__init__(description, status=status, location=location, reason=reason)


class APIConnectionError(ChatwireError):
    """No HTTP response: the connection was refused or reset, or broke off."""


class APITimeoutError(APIConnectionError):
    """No response within the connect or request timeout."""

    timeout: Optional[float]
    """The timeout that ran out, in seconds."""

    def __init__(self, description: str, *, timeout: Optional[float] = None) -> None:
        super().__init__(description, timeout=timeout)


class StreamDeadlineError(APITimeoutError):
    """A stream ran past its whole-stream deadline (``stream_timeout``, in seconds in
    ``timeout``), counted from the start of the call that opened it; it was closed."""


class StreamIdleTimeoutError(ChatwireError):
    """A stream sent no event for the idle timeout; it was closed."""

    timeout: Optional[float]
    """The timeout that ran out, in seconds."""

    def __init__(self, description: str, *, timeout: Optional[float] = None) -> None:
        super().__init__(description, timeout=timeout)


class StreamEndedError(ChatwireError):
    """The stream ended before its terminal event."""

    events: int
    """The events the stream yielded before it ended."""

    def __init__(self, description: str, *, events: int = 0) -> None:
        super().__init__(description, events=events)


class DecodeError(ChatwireError):
    """A response body or an event could not be decoded; ``raw`` holds what came."""

    what: str
    """What was being decoded (``"event token"``, ``"response body"``)."""
    raw: str
    """The raw text, as received (cut to 4 KiB)."""

    def __init__(self, description: str, *, what: str = "", raw: str = "") -> None:
        super().__init__(description, what=what, raw=raw)


class OperatorModeError(ChatwireError):
    """A Vexar ``chat_stream`` was refused before it was sent: a watcher started with
    ``pause_ai_in_operator_mode=True`` sees its session in operator mode, where a human operator
    answers. It is allowed again once the watcher sees the mode back at ``ai``."""

    session_id: str
    """The session in operator mode."""

    def __init__(self, description: str, *, session_id: str = "") -> None:
        super().__init__(description, session_id=session_id)


class FileError(ChatwireError):
    """A file or directory could not be read or written (``export_all``'s directory or one of
    its files)."""

    action: str
    """What was being done (``"write"``, ``"make the directory"``)."""
    path: str
    """The file or directory."""

    def __init__(self, description: str, *, action: str = "", path: str = "") -> None:
        super().__init__(description, action=action, path=path)


class ValidationError(ChatwireError):
    """The input was refused before any request was sent."""

    field: str
    """The argument refused, by its Python name."""
    reason: str
    """Why it was refused."""

    def __init__(self, description: str, *, field: str = "", reason: str = "") -> None:
        super().__init__(description, field=field, reason=reason)


_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _api_error(description: str, *, status: int, **fields: Any) -> APIError:
    """The error for an error status: its class by status, ``APIError`` for the others."""
    if status >= 500:
        cls: type[APIError] = InternalServerError
    else:
        cls = _STATUS_CLASSES.get(status, APIError)
    return cls(description, status=status, **fields)
