from types import TracebackType
from typing import Optional, TypeVar

from typing_extensions import Self

__all__ = ["MockServer", "__version__"]

__version__: str
"""The version of chatwire-testing."""

_Self = TypeVar("_Self")

class MockServer:
    """The mock server of all four APIs on 127.0.0.1."""

    MEVICHAT_PUBLIC_KEY: str
    """Mevichat public key that works: workspace ``ws_demo``, bot ``support``."""
    MEVICHAT_REVOKED_KEY: str
    """Mevichat key that answers ``401 invalid_api_key``."""
    MEVICHAT_QUOTA_KEY: str
    """Mevichat key whose streams end in a ``quota_exceeded`` error event."""
    MEVICHAT_LLM_ERROR_KEY: str
    """Mevichat key whose streams end in a ``provider_auth_failed`` error event."""
    ORIGIN: str
    """An origin the Mevichat and Developer API keys allow."""
    BLOCKED_WORD: str
    """A message containing this word (any case) is blocked by Mevichat's moderation."""
    SEEDED_SESSION_ID: str
    """The Mevichat session seeded with the docs' example transcript."""
    EXPORT_JWT: str
    """Export JWT of a ``ws_demo`` member."""
    EXPORT_JWT_NO_WORKSPACE: str
    """Export JWT of a user with no workspace."""
    EXPORT_JWT_OTHER_WORKSPACE: str
    """Export JWT of a user of another workspace."""
    VEXAR_SITE_KEY: str
    """Vexar site key that works."""
    VEXAR_BLOCKED_SESSION: str
    """Vexar session id of a blocked visitor."""
    DEVAPI_KEY: str
    """Developer API key."""
    WIDGET_KEY: str
    """Widget-key API key."""
    MODEL: str
    """The model every reply claims to come from."""
    def __new__(
        cls, *, port: int = 0, token_delay: float = 0.0, relaxed_rate_limits: bool = False
    ) -> Self: ...
    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
    def _push_fault(self, script: str) -> int: ...
    def _requests(self) -> str: ...
    def _stats(self) -> str: ...
    def set_token_delay(self, seconds: float) -> None:
        """Sets the pause between streamed tokens, in seconds."""
    def reset(self) -> None:
        """Back to the state of a fresh start: no faults, an empty log, fresh rate limits."""
    def close(self) -> None:
        """Stops the server."""
    def __enter__(self: _Self) -> _Self: ...
    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...
