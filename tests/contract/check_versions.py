"""Checks that every package has the one version, the workspace's (`Cargo.toml`,
`[workspace.package] version`): each crate takes it (`version.workspace = true`) or names the same;
each pyproject takes it from Cargo (`dynamic = ["version"]`, no literal), and its pins of chatwire's
own packages (`chatwire-testing==X`) name it; each npm manifest (the two packages and every
platform package under `npm/`) names it, as do its dependencies on chatwire's own packages
(`chatwire-*`, `@chatwire/*`), and so does the lockfile's record of them.

Run as a script it prints each mismatch and exits 1 if there is one; `test_versions.py` runs it
under pytest."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[2]

# The npm dependency sections, in each of which a pin of chatwire's own package must be exact.
DEPENDENCY_SECTIONS = ("dependencies", "optionalDependencies", "peerDependencies", "devDependencies")

# The name a PEP 508 requirement starts with.
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")

# A requirement that pins a version exactly, and nothing else: `name==1.2.3` (extras and markers
# aside).
PINNED = re.compile(r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*==\s*([^\s;,]+)\s*(?:;|$)")


def workspace_version() -> str:
    manifest = tomllib.loads((ROOT / "Cargo.toml").read_text())
    return str(manifest["workspace"]["package"]["version"])


def is_ours(name: str) -> bool:
    """Whether a package name is one of chatwire's own (on PyPI, crates.io or npm)."""
    name = name.lower().replace("_", "-")
    return name == "chatwire" or name.startswith(("chatwire-", "@chatwire/"))


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT))


def crate_versions(version: str) -> Iterator[str]:
    manifest = tomllib.loads((ROOT / "Cargo.toml").read_text())
    for member in manifest["workspace"]["members"]:
        path = ROOT / member / "Cargo.toml"
        given = tomllib.loads(path.read_text())["package"].get("version")
        if given != {"workspace": True} and given != version:
            yield f"{shown(path)}: version is {given!r}, not the workspace's ({version})"


def pyproject_versions(version: str) -> Iterator[str]:
    for path in sorted(ROOT.glob("bindings-python/**/pyproject.toml")):
        project: dict[str, Any] = tomllib.loads(path.read_text())["project"]
        if "version" in project:
            yield f"{shown(path)}: version {project['version']!r} is literal; it comes from Cargo"
        if "version" not in project.get("dynamic", []):
            yield f'{shown(path)}: dynamic must hold "version", taken from the workspace'
        requirements = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            requirements.extend(extra)
        for requirement in requirements:
            name = REQUIREMENT_NAME.match(requirement)
            if not name or not is_ours(name[1]):
                continue
            pinned = PINNED.match(requirement)
            if not pinned or pinned[1] != version:
                yield f"{shown(path)}: {requirement!r} must pin {name[1]}=={version}"


def npm_manifests() -> list[Path]:
    node = ROOT / "bindings-node"
    found = [node / "package.json", node / "testing" / "package.json"]
    found += [
        path
        for path in sorted(node.glob("**/npm/*/package.json"))
        if "node_modules" not in path.relative_to(node).parts
    ]
    return found


def npm_versions(version: str) -> Iterator[str]:
    for path in npm_manifests():
        manifest = json.loads(path.read_text())
        if manifest.get("version") != version:
            yield f"{shown(path)}: version is {manifest.get('version')!r}, not {version}"
        for section in DEPENDENCY_SECTIONS:
            for name, spec in manifest.get(section, {}).items():
                # A local path (`file:./testing`) is the checkout itself, not a version.
                if is_ours(name) and not spec.startswith("file:") and spec != version:
                    yield f"{shown(path)}: {section} {name} is {spec!r}, not {version}"
    lockfile = ROOT / "bindings-node" / "package-lock.json"
    if lockfile.exists():
        packages = json.loads(lockfile.read_text()).get("packages", {})
        for where, entry in packages.items():
            local = where == "" or not where.startswith("node_modules/")
            if local and "version" in entry and entry["version"] != version:
                yield f"{shown(lockfile)}: packages[{where!r}] is {entry['version']!r}, not {version}"


def mismatches() -> list[str]:
    """Every version that is not the workspace's, as a line naming its file."""
    version = workspace_version()
    return [*crate_versions(version), *pyproject_versions(version), *npm_versions(version)]


def checked_files() -> list[Path]:
    """The manifests the check reads, for a test that makes sure it reads some of each kind."""
    return [
        ROOT / "Cargo.toml",
        *sorted(ROOT.glob("bindings-python/**/pyproject.toml")),
        *npm_manifests(),
    ]


def main() -> int:
    found = mismatches()
    for line in found:
        print(line)
    print(f"versions: {len(checked_files())} manifests, {len(found)} not {workspace_version()}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
