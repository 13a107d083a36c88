"""chatwire's log in the standard ``logging`` module.

The core logs one record per request attempt to ``chatwire.http`` and one per stream's end to
``chatwire.stream`` (both children of ``chatwire``), at ``INFO``; request and response bodies,
with every credential redacted, at ``TRACE`` (5, below ``DEBUG``). Each record's message is one
line (``request provider=devapi attempt=1 status=200 request_id=…``) and its fields are also
attributes of the ``LogRecord`` (``record.status``, ``record.request_id`` …), for a handler to read.

The level of these loggers is read when chatwire is imported, when a client is made, and when a
call starts; records below it cost nothing. ``CHATWIRE_LOG=info`` (or ``debug``, ``trace``), read
at import, sets the level and adds a handler that prints to stderr, as ``OPENAI_LOG`` does.
"""

from __future__ import annotations

import logging
import os

TRACE = 5

if logging.getLevelName(TRACE) == f"Level {TRACE}":
    logging.addLevelName(TRACE, "TRACE")

logger = logging.getLogger("chatwire")

_ENV_LEVELS = {"trace": TRACE, "debug": logging.DEBUG, "info": logging.INFO}

# The line the stderr handler prints: `[chatwire.http] INFO request client=1 … request_id=…`.
LOG_FORMAT = "[%(name)s] %(levelname)s %(message)s"


def _log_from_environment() -> None:
    level = _ENV_LEVELS.get(os.environ.get("CHATWIRE_LOG", "").strip().lower())
    if level is None:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)


_log_from_environment()
