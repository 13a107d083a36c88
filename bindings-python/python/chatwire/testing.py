"""Test your code against chatwire with no network: ``MockServer`` runs the mock server of all four
APIs on 127.0.0.1, with their fixture keys and scriptable faults.

It ships apart, in the ``chatwire-testing`` package: ``pip install "chatwire[testing]"``.
"""

from __future__ import annotations

try:
    from chatwire_testing import MockServer
except ModuleNotFoundError as error:
    if error.name != "chatwire_testing":
        raise
    raise ModuleNotFoundError(
        'chatwire.testing needs the chatwire-testing package: pip install "chatwire[testing]"',
        name=error.name,
    ) from error

__all__ = ["MockServer"]

if __name__ == "__main__":  # `python -m chatwire.testing`: the mock server on its own
    import sys

    from chatwire_testing.__main__ import main

    sys.exit(main())
