from chatwire_testing import MockServer as MockServer

__all__ = ["MockServer"]
