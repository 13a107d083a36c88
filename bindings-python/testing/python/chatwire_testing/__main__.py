"""``python -m chatwire_testing`` (or ``python -m chatwire.testing``): the mock server on its own,
for tests in a browser or in another language. It prints its base URL on the first line of
standard output, the fixture keys on standard error, and serves until interrupted::

    python -m chatwire.testing --port 0 [--token-delay-ms N] [--relaxed-rate-limits]
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Optional

from chatwire_testing import MockServer


def main(argv: Optional[list[str]] = None) -> int:
    """Runs the mock server until SIGINT or SIGTERM; answers the exit status (1 when the port
    cannot be listened on)."""
    parser = argparse.ArgumentParser(
        prog="python -m chatwire.testing",
        description="The mock server of chatwire's four chat APIs, on 127.0.0.1.",
    )
    parser.add_argument("--port", type=int, default=0, help="the port (0, the default, picks a free one)")
    parser.add_argument("--token-delay-ms", type=int, default=0, help="the pause between streamed tokens")
    parser.add_argument("--relaxed-rate-limits", action="store_true", help="raise every rate limit out of reach")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port: {args.port} is not a port")
    try:
        mock = MockServer(
            port=args.port,
            token_delay=args.token_delay_ms / 1000,
            relaxed_rate_limits=args.relaxed_rate_limits,
        )
    except RuntimeError as error:  # the port is taken, or not ours to listen on
        print(f"chatwire mock: cannot listen on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
        return 1
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with mock:
        print(mock.base_url, flush=True)
        print(
            f"serving the mock of all four APIs; stop with Ctrl-C\n"
            f"  Mevichat public key {mock.MEVICHAT_PUBLIC_KEY}, origin {mock.ORIGIN}, "
            f"session {mock.SEEDED_SESSION_ID}\n"
            f"  Vexar site key {mock.VEXAR_SITE_KEY}\n"
            f"  Developer API key {mock.DEVAPI_KEY}\n"
            f"  widget key {mock.WIDGET_KEY}",
            file=sys.stderr,
            flush=True,
        )
        # Waits in short slices, so that the signal handler runs promptly.
        while not stop.wait(0.2):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
