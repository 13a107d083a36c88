"""Test your code against chatwire with no network: ``MockServer`` runs the mock server of all four
APIs on 127.0.0.1, with their fixture keys and scriptable faults. It ships apart, in the
``chatwire-testing`` package: ``pip install "chatwire[testing]"``."""

from chatwire_testing import MockServer as MockServer

__all__ = ["MockServer"]
