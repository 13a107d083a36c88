"""What an HTTP response said besides its body: ``Headers``, and the ``APIResponse`` that
``client.with_raw_response.<method>()`` answers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Generic, Optional, TypeVar

_T = TypeVar("_T", covariant=True)


class Headers(Mapping[str, str]):
    """A response's headers: names are case-insensitive, and a header sent more than once reads
    as its values joined with ``", "`` (``get_list()`` gives them apart)."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items = [(name.lower(), value) for name, value in items]

    def get_list(self, name: str) -> list[str]:
        """Every value sent under ``name``, in order."""
        wanted = name.lower()
        return [value for key, value in self._items if key == wanted]

    def __getitem__(self, name: str) -> str:
        values = self.get_list(name) if isinstance(name, str) else []
        if not values:
            raise KeyError(name)
        return ", ".join(values)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and any(key == name.lower() for key, _ in self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(key for key, _ in self._items))

    def __len__(self) -> int:
        return len(dict.fromkeys(key for key, _ in self._items))

    def raw(self) -> list[tuple[str, str]]:
        """The headers as sent: (lowercased name, value) pairs, repeated names included."""
        return list(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self)!r})"


class APIResponse(Generic[_T]):
    """A call's HTTP response and its typed value, as ``client.with_raw_response.<method>()``
    answers it."""

    __slots__ = ("_parsed", "headers", "request_id", "status_code")

    def __init__(
        self, status_code: int, headers: Headers, request_id: Optional[str], parsed: _T
    ) -> None:
        self.status_code: int = status_code
        """The response's HTTP status."""
        self.headers: Headers = headers
        """The response's headers (names case-insensitive)."""
        self.request_id: Optional[str] = request_id
        """The id of the request (``x-request-id``), to quote to support."""
        self._parsed = parsed

    def parse(self) -> _T:
        """The typed value, as the plain method answers it."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] request_id={self.request_id!r}>"
