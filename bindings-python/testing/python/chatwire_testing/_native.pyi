from types import TracebackType
from typing import Optional, TypeVar

from typing_extensions import Self

__all__ = ["MockServer", "__version__"]

__version__: str

_Self = TypeVar("_Self")

class MockServer:
    """The mock server of all four APIs on 127.0.0.1."""

    MEVICHAT_PUBLIC_KEY: str
    MEVICHAT_REVOKED_KEY: str
    MEVICHAT_QUOTA_KEY: str
    MEVICHAT_LLM_ERROR_KEY: str
    ORIGIN: str
    BLOCKED_WORD: str
    SEEDED_SESSION_ID: str
    EXPORT_JWT: str
    EXPORT_JWT_NO_WORKSPACE: str
    EXPORT_JWT_OTHER_WORKSPACE: str
    VEXAR_SITE_KEY: str
    VEXAR_BLOCKED_SESSION: str
    DEVAPI_KEY: str
    WIDGET_KEY: str
    MODEL: str
    def __new__(
        cls, *, port: int = 0, token_delay: float = 0.0, relaxed_rate_limits: bool = False
    ) -> Self: ...
    @property
    def base_url(self) -> str: ...
    def _push_fault(self, script: str) -> int: ...
    def _requests(self) -> str: ...
    def _stats(self) -> str: ...
    def set_token_delay(self, seconds: float) -> None: ...
    def reset(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self: _Self) -> _Self: ...
    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...
