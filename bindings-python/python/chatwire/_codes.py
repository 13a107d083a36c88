"""The providers' codes as string enums (``chatwire.mevichat.ErrorCode.RATE_LIMITED`` …), made
from the values the core knows, so that no list is kept twice.

A member is a ``str`` equal to the value the API sends (``error.code == ErrorCode.RATE_LIMITED``),
and ``str()`` of it is that value, as with Python 3.11's ``enum.StrEnum``, which 3.9 lacks.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Iterable

__all__ = ["Code", "code_enum"]


class Code(str, Enum):
    """A provider's code; compares equal to the string the API sends."""

    def __str__(self) -> str:
        return str(self.value)


def member_name(value: str) -> str:
    """``rate_limited`` → ``RATE_LIMITED``; ``Too many requests`` → ``TOO_MANY_REQUESTS``."""
    return re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper()


def code_enum(name: str, module: str, values: Iterable[str]) -> type[Code]:
    """The enum ``module.name`` of ``values``."""
    members = [(member_name(value), value) for value in values]
    made: type[Code] = Code(name, members, module=module, qualname=name)  # type: ignore[call-overload]
    return made
