"""Finds no fixture key or JWT in what the test suites printed: their error messages, the
`Debug`, `repr` and `inspect` output they show, their logs.

    python tests/contract/check_no_secrets.py DIR

DIR holds one file per step of scripts/test, its whole output. The secrets are the mock's
fixture keys and JWTs, read from tests/mock/src/fixtures.rs, so that a fixture added there is
looked for here with no change. A line that shows one is reported with the fixture's name, not
its value.
"""

from __future__ import annotations

import pathlib
import re
import sys

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests/mock/src/fixtures.rs"
CONSTANT = re.compile(r'pub const (\w*(?:KEY|JWT)\w*): &str =\s*"([^"]+)"', re.S)


def fixture_secrets() -> dict[str, str]:
    secrets = dict((value, name) for name, value in CONSTANT.findall(FIXTURES.read_text()))
    assert len(secrets) >= 9, f"found only {sorted(secrets.values())} in {FIXTURES}"
    return secrets


def main() -> int:
    secrets = fixture_secrets()
    files = sorted(pathlib.Path(sys.argv[1]).glob("*.log"))
    found = []
    lines = 0
    for file in files:
        for number, line in enumerate(file.read_text(errors="replace").splitlines(), 1):
            lines += 1
            for value, name in secrets.items():
                if value in line:
                    found.append(f"{file.name}:{number}: shows {name}")
    print(f"looked for {len(secrets)} fixture secrets ({', '.join(sorted(secrets.values()))})")
    print(f"in {lines} lines of {len(files)} steps' output")
    for line in found:
        print(f"FOUND {line}")
    if not files or lines == 0:
        print("no output to look in")
        return 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
