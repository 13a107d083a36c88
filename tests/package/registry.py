"""A read-only npm registry on 127.0.0.1 that serves the tarballs of one folder, so that the
install check runs `npm install chatwire` exactly as a user will once the packages are published:
npm reads each package's manifest, picks the platform package of this machine from chatwire's
`optionalDependencies` by its `os`, `cpu` and `libc`, and skips the others.

It answers the two requests an install makes: a package's document (`GET /<name>`, the name
percent-encoded when scoped) and a tarball (`GET /-/<file>`). Every other name is a 404, which
npm takes as "no such package".

    python tests/package/registry.py DIST [PORT]    # serves until Ctrl-C; PORT defaults to 4873
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import tarfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def read_manifest(tarball: Path) -> dict[str, Any]:
    """The `package/package.json` inside an `npm pack` tarball."""
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile("package/package.json")
        if member is None:
            raise ValueError(f"{tarball} holds no package/package.json")
        manifest: dict[str, Any] = json.load(member)
        return manifest


class Registry:
    """Serves every `*.tgz` of `folder` until `close()`."""

    def __init__(self, folder: Path, port: int = 0) -> None:
        self.tarballs: dict[str, bytes] = {}
        self.documents: dict[str, dict[str, Any]] = {}
        self.requested: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        for tarball in sorted(folder.glob("*.tgz")):
            self._add(tarball)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _add(self, tarball: Path) -> None:
        data = tarball.read_bytes()
        manifest = read_manifest(tarball)
        name, version = manifest["name"], manifest["version"]
        self.tarballs[tarball.name] = data
        integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        manifest["dist"] = {
            "tarball": f"{self.url}/-/{tarball.name}",
            "shasum": hashlib.sha1(data).hexdigest(),
            "integrity": integrity,
        }
        document = self.documents.setdefault(name, {"name": name, "versions": {}, "dist-tags": {}})
        document["versions"][version] = manifest
        document["dist-tags"]["latest"] = version

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                path = urllib.parse.unquote(self.path.split("?", 1)[0])
                registry.requested.append(path)
                if path.startswith("/-/") and path[3:] in registry.tarballs:
                    self._send(registry.tarballs[path[3:]], "application/octet-stream")
                elif path[1:] in registry.documents:
                    body = json.dumps(registry.documents[path[1:]]).encode()
                    self._send(body, "application/json")
                else:
                    self._send(b'{"error":"not found"}', "application/json", status=404)

            def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def main() -> None:
    folder = Path(sys.argv[1])
    registry = Registry(folder, int(sys.argv[2]) if len(sys.argv) > 2 else 4873)
    print(f"serving {', '.join(sorted(registry.documents))} at {registry.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        registry.close()


if __name__ == "__main__":
    main()
