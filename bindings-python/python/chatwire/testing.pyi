from typing_extensions import Self, final
from types import TracebackType
from typing import Any, Optional, TypeVar

__all__ = ["MockServer"]

_Self = TypeVar("_Self")

class MockServer:
    """The bundled mock server of all four APIs on 127.0.0.1."""

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
    def push_fault(
        self,
        fault: str,
        *,
        times: int = 1,
        path: Optional[str] = None,
        key: Optional[str] = None,
        **params: Any,
    ) -> int: ...
    def requests(self) -> list[dict[str, Any]]: ...
    def stats(self) -> dict[str, int]: ...
    def set_token_delay(self, seconds: float) -> None: ...
    def reset(self) -> None: ...
    def close(self) -> None: ...
    def control(self, method: str, path: str, body: Optional[Any] = None) -> Any: ...
    def __enter__(self: _Self) -> _Self: ...
    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...
