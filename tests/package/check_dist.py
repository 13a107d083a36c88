"""Checks what each artifact `scripts/package` wrote holds, and prints their sizes.

    python tests/package/check_dist.py DIST [--dev]

- Every wheel, sdist, npm tarball and `.crate` carries LICENSE-MIT, LICENSE-APACHE and a README;
  the wheels and the crate carry their project URLs.
- The wheels are abi3 for CPython >= 3.9; in a release, each is tagged `manylinux_2_17` (or
  older), `auditwheel show` agrees, and its extension is stripped.
- The npm packages run no install script. `chatwire` and `@chatwire/testing` name in their
  `optionalDependencies` exactly the platform packages DIST holds, each with its `os`, `cpu` and
  `libc` and the `.node` its `main` names; in a release, that addon is stripped and needs no glibc
  symbol newer than 2.17 (`objdump -T`).
- The `.crate` has its keywords, categories and rust-version.

--dev (debug builds for this machine, as CI makes them) checks the same but the release lines:
the glibc, the manylinux tag, stripping, the sdists and the `.crate`.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LICENSES = ("LICENSE-MIT", "LICENSE-APACHE")
OLDEST_GLIBC = (2, 17)
INSTALL_SCRIPTS = ("preinstall", "install", "postinstall")
# The Python packages, by the name their files start with.
PYTHON_PACKAGES = ("chatwire", "chatwire_testing")
NODE_PACKAGES = ("chatwire", "@chatwire/testing")
# napi-rs's `cpu` names, by the ELF machine readelf prints.
ELF_MACHINES = {"x64": "Advanced Micro Devices X86-64", "arm64": "AArch64"}


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    sizes: list[tuple[str, int, str]] = field(default_factory=list)

    def check(self, holds: bool, what: str) -> None:
        print(f"{'ok  ' if holds else 'FAIL'} {what}")
        if not holds:
            self.failures.append(what)


def tool_output(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def glibc_needed(binary: Path) -> tuple[int, ...]:
    """The newest `GLIBC_x.y` version among the symbols the binary imports (`objdump -T`)."""
    table = tool_output("objdump", "-T", str(binary))
    versions = {tuple(int(part) for part in v.split(".")) for v in re.findall(r"GLIBC_([0-9.]+)\b", table)}
    return max(versions, default=(0,))


def is_stripped(binary: Path) -> bool:
    return ".symtab" not in tool_output("readelf", "-S", "-W", str(binary))


def elf_machine(binary: Path) -> str:
    match = re.search(r"Machine:\s+(.+)", tool_output("readelf", "-h", str(binary)))
    return match.group(1).strip() if match else "?"


def auditwheel() -> str:
    """The auditwheel of the venv this runs in (scripts/requirements-package.txt), else PATH's."""
    beside = Path(sys.executable).parent / "auditwheel"
    return str(beside) if beside.exists() else "auditwheel"


def version_text(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


class DistCheck:
    def __init__(self, dist: Path, release: bool, scratch: Path) -> None:
        self.dist = dist
        self.release = release
        self.scratch = scratch
        self.report = Report()

    def check_binary(self, name: str, data: bytes, platform: str, cpu: str | None = None) -> None:
        """A built extension or addon: its size, the CPU it is for (`cpu`, napi's name, where
        given), and in a release its glibc and symbols."""
        binary = self.scratch / name.replace("/", "_")
        binary.write_bytes(data)
        if cpu is not None:
            machine = elf_machine(binary)
            self.report.check(machine == ELF_MACHINES.get(cpu), f"{name}: built for {machine}")
        stripped = is_stripped(binary)
        self.report.sizes.append((name, len(data), "stripped" if stripped else "not stripped"))
        if not self.release or "linux" not in platform:
            return
        self.report.check(stripped, f"{name}: stripped")
        needed = glibc_needed(binary)
        self.report.check(
            needed <= OLDEST_GLIBC,
            f"{name}: needs glibc {version_text(needed)} at most (objdump -T), ≤ {version_text(OLDEST_GLIBC)}",
        )

    def wheels(self) -> None:
        for package in PYTHON_PACKAGES:
            wheels = sorted(self.dist.glob(f"{package}-*.whl"))
            self.report.check(bool(wheels), f"a {package} wheel")
            for wheel in wheels:
                self.wheel(wheel)

    def wheel(self, wheel: Path) -> None:
        self.report.sizes.append((wheel.name, wheel.stat().st_size, "wheel"))
        tags = wheel.name.removesuffix(".whl").split("-")[2:]
        self.report.check(tags[:2] == ["cp39", "abi3"], f"{wheel.name}: abi3 for CPython >= 3.9")
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
            for license_file in LICENSES:
                self.report.check(
                    f"{dist_info}/licenses/{license_file}" in names, f"{wheel.name}: holds {license_file}"
                )
            metadata = archive.read(f"{dist_info}/METADATA").decode()
            readme = "Description-Content-Type: text/markdown" in metadata and "\n\n# " in metadata
            self.report.check(readme, f"{wheel.name}: its README is the long description")
            self.report.check("Project-URL: " in metadata, f"{wheel.name}: has project URLs")
            for name in names:
                if name.endswith(".so"):
                    self.check_binary(f"{wheel.name}:{name}", archive.read(name), "linux")
        if self.release:
            platform_tag = tags[2]
            self.report.check(
                self.manylinux_at_most(platform_tag), f"{wheel.name}: tagged {platform_tag}, ≤ manylinux_2_17"
            )
            shown = subprocess.run([auditwheel(), "show", str(wheel)], capture_output=True, text=True)
            said = re.search(r'platform tag:\s*"([^"]+)"', " ".join(shown.stdout.split()))
            self.report.check(
                shown.returncode == 0 and said is not None and self.manylinux_at_most(said.group(1)),
                f"{wheel.name}: auditwheel show says {said.group(1) if said else shown.stdout.strip()[:200]!r}",
            )

    @staticmethod
    def manylinux_at_most(tag: str) -> bool:
        """Whether every tag of `tag` (`manylinux_2_17_x86_64.manylinux2014_x86_64`) is 2.17 or older."""
        versions = []
        for part in tag.split("."):
            if part.startswith("manylinux2014"):
                versions.append(OLDEST_GLIBC)
            elif match := re.match(r"manylinux_(\d+)_(\d+)_", part):
                versions.append((int(match.group(1)), int(match.group(2))))
            else:
                return False
        return bool(versions) and max(versions) <= OLDEST_GLIBC

    def sdists(self) -> None:
        for package in PYTHON_PACKAGES:
            sdists = sorted(self.dist.glob(f"{package}-*.tar.gz"))
            self.report.check(bool(sdists), f"a {package} sdist")
            for sdist in sdists:
                self.report.sizes.append((sdist.name, sdist.stat().st_size, "sdist"))
                with tarfile.open(sdist) as archive:
                    top = {Path(m.name).parts[0] for m in archive.getmembers()}
                    root = top.pop() if len(top) == 1 else ""
                    names = {m.name.removeprefix(f"{root}/") for m in archive.getmembers()}
                # maturin lays the package's folder out under its own path in the workspace.
                for wanted in (*LICENSES, "README.md", "PKG-INFO"):
                    holds = any(n == wanted or n.endswith(f"/{wanted}") for n in names)
                    self.report.check(holds, f"{sdist.name}: holds {wanted}")

    def npm(self) -> None:
        tarballs: dict[str, tuple[Path, dict[str, Any], dict[str, bytes]]] = {}
        for tarball in sorted(self.dist.glob("*.tgz")):
            with tarfile.open(tarball, "r:gz") as archive:
                files = {
                    m.name.removeprefix("package/"): archive.extractfile(m).read()  # type: ignore[union-attr]
                    for m in archive.getmembers()
                    if m.isfile()
                }
            manifest = json.loads(files["package.json"])
            tarballs[manifest["name"]] = (tarball, manifest, files)
            self.report.sizes.append((tarball.name, tarball.stat().st_size, "npm tarball"))
            for wanted in (*LICENSES, "README.md"):
                self.report.check(wanted in files, f"{tarball.name}: holds {wanted}")
            scripts = sorted(set(manifest.get("scripts", {})) & set(INSTALL_SCRIPTS))
            self.report.check(not scripts, f"{tarball.name}: no install script {scripts if scripts else ''}".rstrip())
        for package in NODE_PACKAGES:
            self.report.check(package in tarballs, f"an npm tarball of {package}")
            if package not in tarballs:
                continue
            _, manifest, _ = tarballs[package]
            optional = manifest.get("optionalDependencies", {})
            platform_names = sorted(n for n in tarballs if n.startswith(f"{package}-"))
            self.report.check(
                sorted(optional) == platform_names and bool(optional),
                f"{package}: optionalDependencies name the platform packages here, {platform_names}",
            )
            for name in optional:
                self.report.check(optional[name] == manifest["version"], f"{package}: {name} at {manifest['version']}")
                if name in tarballs:
                    self.platform_package(name, *tarballs[name][1:])

    def platform_package(self, name: str, manifest: dict[str, Any], files: dict[str, bytes]) -> None:
        platform = name.rsplit("-", 3 if name.endswith(("-gnu", "-musl", "-msvc")) else 2)[1:]
        os_name, cpu = platform[0], platform[1]
        self.report.check(manifest.get("os") == [os_name], f"{name}: os {manifest.get('os')}")
        self.report.check(manifest.get("cpu") == [cpu], f"{name}: cpu {manifest.get('cpu')}")
        if os_name == "linux":
            libc = {"gnu": "glibc", "musl": "musl"}[platform[2]]
            self.report.check(manifest.get("libc") == [libc], f"{name}: libc {manifest.get('libc')}")
        main = manifest.get("main", "")
        self.report.check(main.endswith(".node") and main in files, f"{name}: holds its addon {main}")
        if main not in files:
            return
        self.check_binary(f"{name}:{main}", files[main], "-".join(platform), cpu if os_name == "linux" else None)

    def crate(self) -> None:
        crates = sorted(self.dist.glob("chatwire-*.crate"))
        self.report.check(len(crates) == 1, "the chatwire .crate (cargo package verified it)")
        for crate in crates:
            self.report.sizes.append((crate.name, crate.stat().st_size, "crate"))
            with tarfile.open(crate, "r:gz") as archive:
                root = crate.name.removesuffix(".crate")
                names = {m.name.removeprefix(f"{root}/") for m in archive.getmembers()}
                member = archive.extractfile(f"{root}/Cargo.toml")
                manifest = tomllib.load(io.BytesIO(member.read())) if member else {}
            for wanted in (*LICENSES, "README.md"):
                self.report.check(wanted in names, f"{crate.name}: holds {wanted}")
            package = manifest.get("package", {})
            for key in ("keywords", "categories", "rust-version", "repository", "readme"):
                self.report.check(bool(package.get(key)), f"{crate.name}: {key} = {package.get(key)!r}")

    def run(self) -> int:
        self.wheels()
        self.npm()
        if self.release:
            self.sdists()
            self.crate()
        print("\nsizes:")
        for name, size, what in self.report.sizes:
            print(f"{size:>12,} B  {name}  ({what})")
        if self.report.failures:
            print(f"\n{len(self.report.failures)} failed")
            return 1
        print("\nevery artifact holds what it should")
        return 0


def main() -> int:
    args = sys.argv[1:]
    release = "--dev" not in args
    dist = Path(next(a for a in args if not a.startswith("--"))).resolve()
    with tempfile.TemporaryDirectory(prefix="chatwire-dist-") as scratch:
        return DistCheck(dist, release, Path(scratch)).run()


if __name__ == "__main__":
    sys.exit(main())
