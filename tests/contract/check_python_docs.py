"""Every public symbol of the installed Python packages is typed and documented.

pyright's ``--verifytypes`` report (the pinned pyright of ``tests/contract/package.json``, run
with this interpreter's environment) must score 100 % and name no symbol without a docstring.
It looks at classes and functions only, so the stubs are also read here: every public property,
constant and class attribute of a ``.pyi`` needs a docstring too (the string right after an
attribute is its docstring, as pdoc and editors read it).

Run with the venv's python, once the packages are installed: ``python
tests/contract/check_python_docs.py``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

PACKAGES = ("chatwire", "chatwire_testing")
ROOT = Path(__file__).resolve().parents[2]
PYRIGHT = ROOT / "tests/contract/node_modules/.bin/pyright"


def pyright_report(package: str) -> dict[str, object]:
    """pyright's JSON report of `package`, as this interpreter's environment installs it."""
    env = dict(os.environ)
    # pyright finds the environment through the `python` on PATH.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("VIRTUAL_ENV", None)
    completed = subprocess.run(
        [str(PYRIGHT), "--verifytypes", package, "--ignoreexternal", "--outputjson"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    try:
        report: dict[str, object] = json.loads(completed.stdout)
    except json.JSONDecodeError:
        output = completed.stdout + completed.stderr
        sys.exit(f"pyright printed no JSON report for {package}:\n{output}")
    return report


def pyright_problems(package: str) -> list[str]:
    report = pyright_report(package)
    completeness = report["typeCompleteness"]
    assert isinstance(completeness, dict)
    problems = []
    if not completeness.get("pyTypedPath"):
        problems.append(f"{package}: pyright found no installed package with a py.typed")
    for symbol in completeness["symbols"]:
        for diagnostic in symbol["diagnostics"]:
            message = " ".join(diagnostic["message"].split())
            problems.append(f"{symbol['name']}: {message}")
    exported = completeness["exportedSymbolCounts"]
    other = completeness["otherSymbolCounts"]
    score = completeness["completenessScore"]
    missing = (
        completeness["missingFunctionDocStringCount"] + completeness["missingClassDocStringCount"]
    )
    total = sum(exported.values())
    print(
        f"{package}: {total} exported symbols ({exported['withKnownType']} of known type, "
        f"{exported['withAmbiguousType']} ambiguous, {exported['withUnknownType']} unknown), "
        f"{sum(other.values())} others referenced; completeness {score:.1%}; "
        f"{missing} without a docstring"
    )
    if total == 0:
        problems.append(f"{package}: pyright saw no exported symbol")
    if score < 1 and not problems:
        problems.append(f"{package}: type completeness is {score:.1%}")
    if missing and not problems:
        problems.append(f"{package}: {missing} symbols without a docstring")
    return problems


def is_docstring(node: ast.stmt | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and bool(node.value.value.strip())
    )


def is_public(name: str) -> bool:
    return not name.startswith("_") or name == "__version__"


def stub_problems(stub: Path, module: str) -> list[str]:
    """The public properties, constants and class attributes of `stub` without a docstring
    (and, for good measure, the classes and functions, which pyright checks too)."""
    problems = []

    def visit(body: list[ast.stmt], prefix: str, in_class: bool) -> None:
        for index, node in enumerate(body):
            following = body[index + 1] if index + 1 < len(body) else None
            if isinstance(node, ast.ClassDef):
                # A private base class (`_Client`) documents what its public subclasses inherit.
                if not is_docstring(node.body[0]):
                    problems.append(f"{prefix}{node.name}: a class without a docstring")
                visit(node.body, f"{prefix}{node.name}.", True)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                public = is_public(node.name) and not node.name.startswith("__")
                if public and not is_docstring(node.body[0]):
                    kind = "property" if any(
                        isinstance(decorator, ast.Name) and decorator.id == "property"
                        for decorator in node.decorator_list
                    ) else "function"
                    problems.append(f"{prefix}{node.name}: a {kind} without a docstring")
            elif isinstance(node, (ast.AnnAssign, ast.Assign)):
                targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
                for target in targets:
                    if not isinstance(target, ast.Name):
                        continue
                    name = target.id
                    dunder = in_class and name.startswith("__")
                    if name == "__all__" or dunder or not is_public(name):
                        continue
                    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                        continue  # a TypeVar
                    if not is_docstring(following):
                        kind = "attribute" if in_class else "constant"
                        problems.append(f"{prefix}{name}: a {kind} without a docstring")

    visit(ast.parse(stub.read_text(), str(stub)).body, f"{module}.", False)
    return problems


def stubs(package: str) -> list[tuple[Path, str]]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{package} is not installed in {sys.prefix}")
    directory = Path(next(iter(spec.submodule_search_locations)))
    found = []
    for stub in sorted(directory.rglob("*.pyi")):
        parts = stub.relative_to(directory).with_suffix("").parts
        module = ".".join([package, *[part for part in parts if part != "__init__"]])
        found.append((stub, module))
    if not found:
        sys.exit(f"{package} in {directory} has no stubs")
    return found


def main() -> None:
    if not PYRIGHT.exists():
        sys.exit(f"{PYRIGHT} is missing: npm install --prefix tests/contract")
    problems = []
    for package in PACKAGES:
        problems += pyright_problems(package)
        package_stubs = stubs(package)
        before = len(problems)
        for stub, module in package_stubs:
            problems += stub_problems(stub, module)
        print(
            f"{package}: {len(package_stubs)} stubs, "
            f"{len(problems) - before} attributes or constants without a docstring"
        )
    for problem in problems:
        print(f"  {problem}")
    if problems:
        sys.exit(f"{len(problems)} symbols are untyped or undocumented")
    print("every public symbol is typed and documented")


if __name__ == "__main__":
    main()
