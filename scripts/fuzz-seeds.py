"""Writes each conformance vector's bytes into a fuzz corpus folder, as fuzz inputs: a byte for the
event cap (the largest), a byte for the chunking, then the vector's stream."""

from __future__ import annotations

import base64
import json
import pathlib
import sys
from typing import Any

VECTORS = pathlib.Path(__file__).resolve().parent.parent / "tests" / "vectors"


def stream_bytes(vector: dict[str, Any]) -> bytes:
    if "body_base64" in vector:
        return base64.b64decode(vector["body_base64"])
    return str(vector["body"]).encode()


def main(corpus: str) -> None:
    folder = pathlib.Path(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(VECTORS.glob("*.json")):
        seed = b"\xff\x07" + stream_bytes(json.loads(path.read_text()))
        (folder / f"vector-{path.stem}").write_bytes(seed)


if __name__ == "__main__":
    main(sys.argv[1])
