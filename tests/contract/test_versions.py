"""Every package has the workspace's version (`check_versions.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import check_versions


def test_every_package_has_the_workspace_version() -> None:
    assert check_versions.mismatches() == []


def test_the_check_reads_every_kind_of_manifest() -> None:
    names = [path.name for path in check_versions.checked_files()]
    assert names.count("pyproject.toml") == 2
    # The two npm packages, and the platform packages of each.
    assert names.count("package.json") >= 4
    assert check_versions.workspace_version().count(".") == 2


def test_each_kind_of_stray_version_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "crate").mkdir()
    (tmp_path / "Cargo.toml").write_text(
        '[workspace]\nmembers = ["crate"]\n[workspace.package]\nversion = "1.2.3"\n'
    )
    (tmp_path / "crate" / "Cargo.toml").write_text('[package]\nname = "c"\nversion = "1.2.0"\n')
    python = tmp_path / "bindings-python"
    python.mkdir()
    (python / "pyproject.toml").write_text(
        '[project]\nname = "chatwire"\nversion = "1.2.3"\n'
        '[project.optional-dependencies]\ntesting = ["chatwire-testing==1.2.0", "chatwire-x>=1"]\n'
    )
    platform = tmp_path / "bindings-node" / "npm" / "linux-x64-gnu"
    platform.mkdir(parents=True)
    (tmp_path / "bindings-node" / "testing").mkdir()
    manifest = {"version": "1.2.3", "optionalDependencies": {"chatwire-linux-x64-gnu": "1.2.0"}}
    (tmp_path / "bindings-node" / "package.json").write_text(json.dumps(manifest))
    (tmp_path / "bindings-node" / "testing" / "package.json").write_text(
        json.dumps({"version": "1.2.3", "devDependencies": {"@chatwire/testing": "file:.."}})
    )
    (platform / "package.json").write_text(json.dumps({"version": "1.0.0"}))
    monkeypatch.setattr(check_versions, "ROOT", tmp_path)
    found = "\n".join(check_versions.mismatches())
    for stray in (
        "crate/Cargo.toml: version is '1.2.0'",
        "bindings-python/pyproject.toml: version '1.2.3' is literal",
        'dynamic must hold "version"',
        "'chatwire-testing==1.2.0' must pin chatwire-testing==1.2.3",
        "'chatwire-x>=1' must pin chatwire-x==1.2.3",
        "optionalDependencies chatwire-linux-x64-gnu is '1.2.0'",
        "npm/linux-x64-gnu/package.json: version is '1.0.0'",
    ):
        assert stray in found, found
    assert len(found.splitlines()) == 7, found
