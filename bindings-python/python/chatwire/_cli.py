"""The ``chatwire`` command: ``chatwire chat`` streams a reply from any of the four APIs, and
``chatwire export`` exports Mevichat transcripts in bulk. Credentials and base URLs come from
the environment variables the clients read (``MEVICHAT_PUBLIC_KEY``, ``MEVICHAT_ORIGIN``,
``MEVICHAT_EXPORT_TOKEN``, ``MEVICHAT_BASE_URL``, ``VEXAR_SITE_KEY``, ``VEXAR_BASE_URL``,
``DEVAPI_API_KEY``, ``DEVAPI_BASE_URL``, ``WIDGETKEY_API_KEY``, ``WIDGETKEY_BASE_URL``)."""

from __future__ import annotations

import argparse
import sys
import typing
from typing import Callable, List, Optional, Union

import chatwire
from chatwire.mevichat import ExportProgress

Client = Union[chatwire.Mevichat, chatwire.Vexar, chatwire.DevApi, chatwire.WidgetKey]

PROVIDERS: "dict[str, Callable[[], Client]]" = {
    "mevichat": chatwire.Mevichat,
    "vexar": chatwire.Vexar,
    "devapi": chatwire.DevApi,
    "widgetkey": chatwire.WidgetKey,
}


def parser() -> argparse.ArgumentParser:
    """The command line: ``chat`` and ``export``."""
    cli = argparse.ArgumentParser(
        prog="chatwire",
        description="Chat with, and export from, the chat-widget APIs chatwire speaks. "
        "Credentials come from the environment (MEVICHAT_PUBLIC_KEY, VEXAR_SITE_KEY, "
        "DEVAPI_API_KEY, WIDGETKEY_API_KEY, their *_BASE_URL …).",
    )
    commands = cli.add_subparsers(dest="command", required=True, metavar="command")

    chat = commands.add_parser("chat", help="send a message and stream the reply")
    chat.add_argument("message", help="what to say")
    chat.add_argument("--provider", required=True, choices=sorted(PROVIDERS), help="which API")
    chat.add_argument(
        "--session",
        help="the session to continue (a new one when left out; its id is printed on stderr)",
    )

    export = commands.add_parser(
        "export", help="export Mevichat transcripts into a directory (resumable)"
    )
    export.add_argument("session_ids", nargs="*", metavar="session-id", help="sessions to export")
    export.add_argument(
        "--from-file",
        metavar="path",
        help="read session ids from this file, one per line ('-' for standard input)",
    )
    export.add_argument("--dir", required=True, metavar="directory", help="where to write")
    export.add_argument("--concurrency", type=int, default=4, help="exports at once (default 4)")
    return cli


def main(argv: Optional[typing.Sequence[str]] = None) -> int:
    """Runs the command; answers its exit status (0 done, 1 failed, 2 a usage error)."""
    arguments = parser().parse_args(argv)
    try:
        if arguments.command == "chat":
            return chat(arguments.provider, arguments.message, arguments.session)
        return export(
            session_ids(arguments.session_ids, arguments.from_file),
            arguments.dir,
            arguments.concurrency,
        )
    except chatwire.ChatwireError as error:
        print(f"chatwire: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def chat(provider: str, message: str, session_id: Optional[str]) -> int:
    """Streams the reply to standard output as it arrives."""
    with PROVIDERS[provider]() as client:
        conversation = client.conversation(session_id=session_id)
        stream = conversation.send(message)
        for event in stream.neutral():
            if event.type == "delta":
                sys.stdout.write(event.text)
                sys.stdout.flush()
            elif event.type == "blocked":
                sys.stdout.write(event.fallback)
            elif event.type == "failed":
                print(file=sys.stdout)
                print(f"chatwire: the reply failed: {event.code}: {event.message}", file=sys.stderr)
                return 1
        print(file=sys.stdout)
        if conversation.session_id is not None:
            print(f"session: {conversation.session_id}", file=sys.stderr)
    return 0


def session_ids(given: List[str], from_file: Optional[str]) -> List[str]:
    """The ids given, then those of the file, blank lines and ``#`` comments left out."""
    ids = list(given)
    if from_file is not None:
        source = sys.stdin if from_file == "-" else open(from_file, encoding="utf-8")
        with source:
            ids += [line.strip() for line in source if line.strip() and not line.startswith("#")]
    if not ids:
        parser().error("export needs session ids, as arguments or with --from-file")
    return ids


def export(ids: List[str], directory: str, concurrency: int) -> int:
    """Runs the bulk export with a progress bar on standard error; prints the summary."""
    bar = ProgressBar(sys.stderr)
    with chatwire.Mevichat() as client:
        summary = client.export_all(
            ids, directory, concurrency=concurrency, on_progress=bar.update
        )
    bar.finish()
    if bar.on_terminal:
        # Off a terminal, each failure had its line already.
        for failure in summary.failed:
            print(f"failed {failure.session_id}: {failure.error}", file=sys.stderr)
    print(
        f"{len(summary.written)} written, {len(summary.skipped)} skipped, "
        f"{len(summary.failed)} failed in {directory}"
    )
    return 1 if summary.failed else 0


class ProgressBar:
    """One line redrawn in place on a terminal; a line per session otherwise (a log, a pipe)."""

    WIDTH = 30

    def __init__(self, out: typing.IO[str]) -> None:
        self.out = out
        self.on_terminal = out.isatty()
        self.counts = {"written": 0, "skipped": 0, "failed": 0}
        self.drawn = False

    def update(self, progress: ExportProgress) -> None:
        """Takes one session done."""
        self.counts[progress.status] += 1
        if not self.on_terminal:
            reason = f": {progress.reason}" if progress.reason else ""
            print(
                f"[{progress.done}/{progress.total}] {progress.status} "
                f"{progress.session_id}{reason}",
                file=self.out,
            )
            return
        filled = self.WIDTH * progress.done // max(progress.total, 1)
        counts = ", ".join(f"{count} {status}" for status, count in self.counts.items())
        self.out.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] "
            f"{progress.done}/{progress.total} ({counts})"
        )
        self.out.flush()
        self.drawn = True

    def finish(self) -> None:
        """Ends the bar's line."""
        if self.drawn:
            self.out.write("\n")
            self.out.flush()


if __name__ == "__main__":
    sys.exit(main())
