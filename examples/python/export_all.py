"""Bulk export: every session's transcript into a folder, within the export rate limit. A second
run skips the files already there; a session that fails is reported, not raised."""

import tempfile
import uuid

from chatwire import APIError, Mevichat
from chatwire.mevichat import ExportProgress
from _server import server


def progress(step: ExportProgress) -> None:
    print(f"  [{step.done}/{step.total}] {step.session_id}: {step.status}")


with server(token_delay=0) as at, tempfile.TemporaryDirectory() as folder, Mevichat(
    at.mevichat_key, at.origin, export_token=at.export_token, base_url=at.base_url, rate_limit="wait"
) as client:
    # One session the server knows and one it does not.
    sessions = [at.session_id, str(uuid.uuid4())]
    summary = client.export_all(sessions, folder, concurrency=4, on_progress=progress)
    for written in summary.written:
        print("written:", written.path.name)
    for failure in summary.failed:
        # The exception a call would have raised: a NotFoundError (404) for an unknown session.
        status = failure.error.status if isinstance(failure.error, APIError) else None
        print("failed:", failure.session_id, type(failure.error).__name__, status)
    again = client.export_all(sessions, folder)
    print("second run:", len(again.skipped), "skipped,", len(again.failed), "failed")
