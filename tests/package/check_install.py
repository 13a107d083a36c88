"""Installs the built packages as a user would, on a machine without Rust, and streams a reply.

    python tests/package/check_install.py DIST

With cargo and rustc taken off `PATH` and `MATURIN_NO_INSTALL_RUST=1` (so that nothing can
build from source, nor fetch a toolchain to do it):

- into a fresh venv, `pip install chatwire` from DIST alone; `chatwire.testing` then names the
  package it lacks; `pip install "chatwire[testing]"`; a sync and an async stream; and
  `python -m chatwire.testing --port 0`, the mock on its own, answers, streams to `curl -N`,
  streams a reply to the `chatwire chat` command given only environment variables, and stops
  on SIGTERM;
- into an empty Node app, `npm install chatwire @chatwire/testing` from a registry on 127.0.0.1
  serving DIST's tarballs, once with install scripts and once with `--ignore-scripts`; a stream
  through `require` and one through `import`; `npx chatwire-mock --port 0` as for Python (with
  `npx chatwire chat`); and
  once with `--omit=optional`, where
  `require('chatwire')` must name the platform package it lacks.

Each install must take under 10 s. Everything happens in a temporary folder, removed at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Optional

from registry import Registry

HERE = Path(__file__).resolve().parent
INSTALL_BUDGET_S = 10.0
# What this check's own commands may take, installs included: a bound, so it never hangs.
COMMAND_TIMEOUT_S = 120
# The mock's Mevichat fixtures, which a client given only environment variables uses.
MEVICHAT_ENV = {"MEVICHAT_PUBLIC_KEY": "mvc_pk_test_chatwire", "MEVICHAT_ORIGIN": "https://example.com"}


def path_without_rust() -> str:
    """`PATH` less every folder that holds a cargo or rustc."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    kept = [f for f in folders if not any((Path(f) / tool).exists() for tool in ("cargo", "rustc"))]
    return os.pathsep.join(kept)


class Check:
    def __init__(self, dist: Path, work: Path) -> None:
        self.dist = dist
        self.work = work
        self.failures: list[str] = []
        self.env = {
            **os.environ,
            "PATH": path_without_rust(),
            "MATURIN_NO_INSTALL_RUST": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "npm_config_cache": str(work / "npm-cache"),
            "npm_config_update_notifier": "false",
            "npm_config_audit": "false",
            "npm_config_fund": "false",
        }
        for variable in ("CARGO", "RUSTC", "CARGO_BUILD_TARGET", "VIRTUAL_ENV"):
            self.env.pop(variable, None)

    def run(self, what: str, command: list[str], cwd: Path, budget: float | None = None) -> str:
        started = time.monotonic()
        result = subprocess.run(
            command,
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
        )
        took = time.monotonic() - started
        shown = f"{what}: {took:.1f} s" if budget is not None else what
        if result.returncode != 0:
            self.fail(f"{shown}: exit {result.returncode}\n{result.stdout}{result.stderr}")
        elif budget is not None and took >= budget:
            self.fail(f"{shown}, over the {budget:.0f} s budget")
        else:
            print(f"ok   {shown}")
        return result.stdout

    def refused(self, command: list[str], cwd: Path, wanted: list[str]) -> tuple[bool, str]:
        """Runs `command`, which must fail with every text of `wanted` in its stderr; answers
        whether it did, and the end of that stderr."""
        result = subprocess.run(
            command, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S
        )
        said = all(text in result.stderr for text in wanted)
        return result.returncode != 0 and said, result.stderr[-400:]

    def serves(
        self, what: str, command: list[str], cwd: Path, chat: Optional[list[str]] = None
    ) -> None:
        """Runs the standalone mock `command`: it must print its URL first, answer there, stream
        a reply to `curl -N`, and to the `chat` command given only environment variables, and
        stop when its process group gets SIGTERM (as a terminal's job does), after which nothing
        answers there. Its status is 0, or the signal's for `npx`, which dies of it."""
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            with urllib.request.urlopen(url + "/__mock/stats", timeout=10) as answer:
                answered = answer.status
            self.streams_from(what, url, cwd, chat)
            os.killpg(process.pid, signal.SIGTERM)
            status = process.wait(timeout=20)
            time.sleep(0.5)  # `npx` may end before the mock it ran has closed its socket
        except (OSError, ValueError, subprocess.TimeoutExpired) as error:
            os.killpg(process.pid, signal.SIGKILL)
            _, said = process.communicate(timeout=20)
            self.fail(f"{what}: {error!r}\n{said[-600:]}")
            return
        try:
            urllib.request.urlopen(url + "/__mock/stats", timeout=5).close()
            gone = False
        except OSError:
            gone = True
        if answered == 200 and status in (0, -signal.SIGTERM) and gone:
            print(f"ok   {what}: served at {url}, stopped on SIGTERM (exit {status})")
        else:
            self.fail(f"{what}: answered {answered}, exit {status}, gone after it: {gone}")

    def streams_from(self, what: str, url: str, cwd: Path, chat: Optional[list[str]]) -> None:
        """`curl -N` gets a Mevichat stream from the mock at `url`, and `chat` (a `chatwire chat`
        command) prints a reply from it with nothing but environment variables to go on."""
        body = '{"public_key":"mvc_pk_test_chatwire","session_id":"5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1","message":"Hello"}'
        curl = ["curl", "-sS", "-N", "--max-time", "20", "-H", "Origin: https://example.com"]
        curl += ["-H", "Content-Type: application/json", "-d", body, url + "/api/chat/"]
        streamed = self.run(f"{what}: curl -N", curl, cwd)
        if "event: token" not in streamed or "event: done" not in streamed:
            self.fail(f"{what}: curl -N got no token and done events: {streamed[:300]!r}")
        if chat is None:
            return
        only_env = {name: value for name, value in self.env.items() if name in ("PATH", "HOME", "TMPDIR")}
        only_env.update(MEVICHAT_ENV, MEVICHAT_BASE_URL=url)
        result = subprocess.run(
            chat, cwd=cwd, env=only_env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S
        )
        shown = " ".join(Path(chat[0]).name if i == 0 else part for i, part in enumerate(chat))
        if result.returncode == 0 and len(result.stdout.strip()) > 20:
            print(f"ok   {shown}, given only MEVICHAT_* variables: {result.stdout.strip()[:60]!r}…")
        else:
            self.fail(f"{shown}: exit {result.returncode}\n{result.stdout}{result.stderr}")

    def empty_app(self, name: str) -> Path:
        """A new Node app with nothing installed."""
        app = self.work / name
        app.mkdir()
        (app / "package.json").write_text('{"name": "app", "version": "1.0.0", "private": true}\n')
        return app

    def fail(self, message: str) -> None:
        print(f"FAIL {message}")
        self.failures.append(message.splitlines()[0])

    def python(self) -> None:
        for tool in ("cargo", "rustc"):
            if shutil.which(tool, path=self.env["PATH"]):
                self.fail(f"{tool} is still on PATH")
        venv = self.work / "venv"
        self.run("python -m venv", [sys.executable, "-m", "venv", str(venv)], self.work)
        python = str(venv / "bin" / "python")
        pip = [python, "-m", "pip", "install", "--quiet", "--no-index", "--only-binary", ":all:"]
        pip += ["--find-links", str(self.dist)]
        self.run("pip install chatwire", [*pip, "chatwire"], self.work, INSTALL_BUDGET_S)
        held, said = self.refused([python, "-c", "import chatwire.testing"], self.work, ['pip install "chatwire[testing]"'])
        if held:
            print("ok   without chatwire-testing, `import chatwire.testing` names the extra to install")
        else:
            self.fail(f"import chatwire.testing without chatwire-testing: {said}")
        self.run("pip install chatwire[testing]", [*pip, "chatwire[testing]"], self.work, INSTALL_BUDGET_S)
        print(self.run("python: a sync and an async stream", [python, str(HERE / "stream.py")], self.work), end="")
        chat = [str(venv / "bin" / "chatwire"), "chat", "--provider", "mevichat", "What is your refund policy?"]
        self.serves("python -m chatwire.testing --port 0", [python, "-m", "chatwire.testing", "--port", "0"], self.work, chat)

    def node(self) -> None:
        registry = Registry(self.dist)
        try:
            for flags in ([], ["--ignore-scripts"]):
                app = self.empty_app("app" + "".join(flags).replace("-", "_"))
                install = ["npm", "install", "--registry", registry.url, "--loglevel=error", *flags]
                shown = " ".join(["npm install chatwire @chatwire/testing", *flags])
                self.run(shown, [*install, "chatwire", "@chatwire/testing"], app, INSTALL_BUDGET_S)
                for script in ("stream.cjs", "stream.mjs"):
                    shutil.copy(HERE / script, app / script)
                    print(self.run(f"node {script}", ["node", script], app), end="")
                chat = ["npx", "chatwire", "chat", "--provider", "mevichat", "What is your refund policy?"]
                self.serves("npx chatwire-mock --port 0", ["npx", "chatwire-mock", "--port", "0"], app, chat)
            self.node_without_addon(registry)
            asked = sorted({p for p in registry.requested if not p.startswith("/-/")})
            print(f"     the registry was asked for: {', '.join(asked)}")
        finally:
            registry.close()

    def node_without_addon(self, registry: Registry) -> None:
        """Installed with `--omit=optional`, chatwire has no addon, and says which package it lacks."""
        app = self.empty_app("app_omit_optional")
        install = ["npm", "install", "--registry", registry.url, "--loglevel=error", "--omit=optional"]
        self.run("npm install chatwire --omit=optional", [*install, "chatwire"], app, INSTALL_BUDGET_S)
        wanted = ["no native addon for linux-", "in the package chatwire-linux-"]
        held, said = self.refused(["node", "-e", "require('chatwire')"], app, wanted)
        if held:
            print("ok   without its platform package, require('chatwire') names the package it lacks")
        else:
            self.fail(f"require('chatwire') without its platform package: {said}")


def main() -> int:
    dist = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory(prefix="chatwire-install-") as work:
        check = Check(dist, Path(work))
        check.python()
        check.node()
    if check.failures:
        print(f"{len(check.failures)} failed: {'; '.join(check.failures)}")
        return 1
    print("the packages install with no Rust on PATH, each in under 10 s, and stream")
    return 0


if __name__ == "__main__":
    sys.exit(main())
