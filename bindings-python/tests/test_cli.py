"""The ``chatwire`` command, run as a user runs it (the installed console script, in a process
of its own) against the mock, with nothing but environment variables for credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from chatwire.testing import MockServer

COMMAND = Path(sys.executable).parent / "chatwire"


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The command with only `env` (and `PATH`) in its environment."""
    assert COMMAND.exists(), f"the package installs the chatwire command at {COMMAND}"
    return subprocess.run(
        [str(COMMAND), *args],
        env={"PATH": os.environ.get("PATH", ""), **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def mevichat_env(mock: MockServer) -> dict[str, str]:
    return {
        "MEVICHAT_PUBLIC_KEY": mock.MEVICHAT_PUBLIC_KEY,
        "MEVICHAT_ORIGIN": mock.ORIGIN,
        "MEVICHAT_EXPORT_TOKEN": mock.EXPORT_JWT,
        "MEVICHAT_BASE_URL": mock.base_url,
    }


def provider_env(mock: MockServer, provider: str) -> dict[str, str]:
    return {
        "mevichat": mevichat_env(mock),
        "vexar": {"VEXAR_SITE_KEY": mock.VEXAR_SITE_KEY, "VEXAR_BASE_URL": mock.base_url},
        "devapi": {"DEVAPI_API_KEY": mock.DEVAPI_KEY, "DEVAPI_BASE_URL": mock.base_url},
        "widgetkey": {"WIDGETKEY_API_KEY": mock.WIDGET_KEY, "WIDGETKEY_BASE_URL": mock.base_url},
    }[provider]


@pytest.mark.parametrize("provider", ["mevichat", "vexar", "devapi", "widgetkey"])
def test_chat_streams_a_reply_from_every_api_given_only_environment_variables(
    mock: MockServer, provider: str
) -> None:
    done = run(provider_env(mock, provider), "chat", "--provider", provider, "What is your refund policy?")
    assert done.returncode == 0, done.stderr
    assert "refund" in done.stdout
    assert done.stderr.startswith("session: "), done.stderr
    streamed = [entry for entry in mock.requests() if entry["method"] == "POST"]
    assert len(streamed) == 1 and streamed[0]["status"] == 200


def test_chat_continues_the_session_it_is_given(mock: MockServer) -> None:
    env = provider_env(mock, "vexar")
    first = run(env, "chat", "--provider", "vexar", "Hello")
    session = first.stderr.strip().removeprefix("session: ")
    again = run(env, "chat", "--provider", "vexar", "--session", session, "And then?")
    assert again.returncode == 0, again.stderr
    sent = [json.loads(entry["body"])["session_id"] for entry in mock.requests() if entry["method"] == "POST"]
    assert sent == [session, session]


def test_export_writes_reports_and_resumes(mock: MockServer, tmp_path: Path) -> None:
    seeded = [str(uuid.uuid4()) for _ in range(3)]
    missing = str(uuid.uuid4())
    mock.control("POST", "/__mock/mevichat/sessions", {"session_ids": seeded})
    env = mevichat_env(mock)
    directory = tmp_path / "exports"
    done = run(env, "export", "--dir", str(directory), *seeded, missing)
    assert done.returncode == 1, "a failed session makes the status 1"
    assert done.stdout.strip() == f"3 written, 0 skipped, 1 failed in {directory}"
    # Off a terminal, the progress is a line per session.
    lines = done.stderr.splitlines()
    assert len(lines) == 4 and all(line.startswith("[") for line in lines), lines
    assert any(missing in line and "404" in line for line in lines), lines
    assert sorted(p.name for p in directory.iterdir()) == sorted(f"session-{s}.json" for s in seeded)

    listed = tmp_path / "ids.txt"
    listed.write_text("# exported before\n" + "\n".join(seeded) + "\n\n")
    again = run(env, "export", "--dir", str(directory), "--from-file", str(listed))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"0 written, 3 skipped, 0 failed in {directory}"
    from_stdin = run(env, "export", "--dir", str(directory), "--from-file", "-", stdin=seeded[0])
    assert from_stdin.stdout.strip() == f"0 written, 1 skipped, 0 failed in {directory}"


def test_bad_usage_and_missing_credentials_are_clear_errors(mock: MockServer, tmp_path: Path) -> None:
    unknown = run({}, "chat", "--provider", "openai", "Hi")
    assert unknown.returncode == 2 and "invalid choice: 'openai'" in unknown.stderr
    no_ids = run({}, "export", "--dir", str(tmp_path))
    assert no_ids.returncode == 2 and "needs session ids" in no_ids.stderr
    no_key = run({"DEVAPI_BASE_URL": mock.base_url}, "chat", "--provider", "devapi", "Hi")
    assert no_key.returncode == 1 and "DEVAPI_API_KEY" in no_key.stderr
    no_token = {k: v for k, v in mevichat_env(mock).items() if k != "MEVICHAT_EXPORT_TOKEN"}
    refused = run(no_token, "export", "--dir", str(tmp_path), str(uuid.uuid4()))
    assert refused.returncode == 1 and "MEVICHAT_EXPORT_TOKEN" in refused.stderr
    assert mock.requests() == [], "nothing was sent"
