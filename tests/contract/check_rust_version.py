"""Checks each workspace crate's `rust-version` against what its locked dependencies declare they
need: never below any of them (the promise would be false), and, for the published crate, equal to
the highest (so the promise is no stricter than it must be)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

PUBLISHED = "chatwire"


def version(text: str | None) -> tuple[int, ...]:
    parts = [int(part) for part in (text or "0").split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def shown(needed: tuple[int, ...]) -> str:
    return ".".join(map(str, needed))


def dependency_closure(root: str, nodes: dict[str, Any]) -> set[str]:
    """Every package `root` builds with, its dev-dependencies included, by id."""
    seen: set[str] = set()
    pending = [root]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        pending.extend(dep["pkg"] for dep in nodes[current]["deps"])
    seen.discard(root)
    return seen


def main() -> int:
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--locked", "--format-version", "1"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = {package["id"]: package for package in metadata["packages"]}
    nodes = {node["id"]: node for node in metadata["resolve"]["nodes"]}
    failures = []
    for member in metadata["workspace_members"]:
        crate = packages[member]
        declared = version(crate.get("rust_version"))
        # The workspace's own crates share one rust-version; what bounds it is the registry's.
        closure = dependency_closure(member, nodes) - set(metadata["workspace_members"])
        needed, by = max(
            (version(packages[dep].get("rust_version")), packages[dep]["name"]) for dep in closure
        )
        line = f"{crate['name']}: rust-version {shown(declared)}, its dependencies need {shown(needed)} ({by})"
        print(line)
        if declared < needed:
            failures.append(f"{line}: too low")
        elif crate["name"] == PUBLISHED and declared > needed:
            failures.append(f"{line}: higher than needed")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
