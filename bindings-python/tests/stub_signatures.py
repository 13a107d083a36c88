"""The client classes' constructors and methods as the installed stubs (``chatwire/__init__.pyi``)
declare them, read with ``ast``: for the tests that hold the runtime to the stubs, sweep every
argument, and feed random values to every call."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import chatwire

CLIENTS = (
    "Mevichat",
    "AsyncMevichat",
    "Vexar",
    "AsyncVexar",
    "DevApi",
    "AsyncDevApi",
    "WidgetKey",
    "AsyncWidgetKey",
)

STUB = Path(chatwire.__file__).with_name("__init__.pyi")


@dataclass(frozen=True)
class Param:
    name: str
    annotation: str
    required: bool
    # May be given by position (else keyword-only).
    positional: bool

    @property
    def kind(self) -> str:
        """What the binding takes it as: str, bool, int, seconds, headers, json, image, path,
        choice, rate_mode, rate_limits, strings, directory, callable."""
        text = self.annotation
        if text.startswith("Optional[") and text.endswith("]"):
            text = text[len("Optional[") : -1]
        if text.startswith("Literal["):
            return "choice"
        kinds = {
            "_RateLimitMode": "rate_mode",
            "_RateLimits": "rate_limits",
            "_SessionIds": "strings",
            "_Directory": "directory",
            "_OnProgress": "callable",
            "str": "str",
            "bool": "bool",
            "int": "int",
            "float": "seconds",
            "_Headers": "headers",
            "Mapping[str, str]": "headers",
            "dict[str, Any]": "json",
            "_Image": "image",
            "Union[str, os.PathLike[str]]": "path",
        }
        if text not in kinds:
            raise AssertionError(f"no kind for the annotation {self.annotation!r} of {self.name}")
        return kinds[text]


@dataclass(frozen=True)
class Method:
    cls: str
    # "__new__" for the constructor.
    name: str
    params: tuple[Param, ...]
    is_async: bool

    @property
    def label(self) -> str:
        return f"{self.cls}.{self.name}"


def _params(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[Param, ...]:
    args = function.args
    positional = [*args.posonlyargs, *args.args][1:]  # without self / cls
    # The defaults belong to the last positional arguments.
    first_default = len(positional) - len(args.defaults)

    def annotation(arg: ast.arg) -> str:
        return ast.unparse(arg.annotation) if arg.annotation else ""

    params = [
        Param(arg.arg, annotation(arg), index < first_default, True)
        for index, arg in enumerate(positional)
    ]
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        params.append(Param(arg.arg, annotation(arg), default is None, False))
    return tuple(params)


def stub_methods() -> list[Method]:
    """Every constructor and every method with arguments of the eight client classes, the
    shared ``_Client`` ones (``with_options``) included; dunders other than ``__new__`` and
    methods without arguments (``close``) are left out."""
    tree = ast.parse(STUB.read_text())
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}

    def functions(node: ast.ClassDef) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
        found = {}
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in classes:
                found.update(functions(classes[base.id]))
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[item.name] = item
        return found

    methods = []
    for name in CLIENTS:
        for method_name, function in functions(classes[name]).items():
            if method_name.startswith("__") and method_name != "__new__":
                continue
            params = _params(function)
            if not params:
                continue
            methods.append(
                Method(name, method_name, params, isinstance(function, ast.AsyncFunctionDef))
            )
    return methods
