"""The runtime signatures of the client classes against their stubs. Required arguments default to
None at runtime (so that the binding sees a missing one and raises a ValidationError naming it),
which stubtest reports; those methods are in the stubtest allowlist, and this test checks what
stubtest then does not: the names, their order, which are positional, that every runtime default
is None, and that unknown keywords reach the binding (``**kwargs``)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import chatwire
from stub_signatures import CLIENTS, Method, stub_methods

METHODS = stub_methods()


def runtime_signature(method: Method) -> inspect.Signature:
    cls = getattr(chatwire, method.cls)
    target: Any = cls if method.name == "__new__" else getattr(cls, method.name)
    return inspect.signature(target)


def test_the_stubs_name_every_method() -> None:
    labels = {m.label for m in METHODS}
    for name in CLIENTS:
        cls = getattr(chatwire, name)
        public = {n for n in dir(cls) if not n.startswith("_") and callable(getattr(cls, n))}
        with_arguments = public - {"close"}
        assert {f"{name}.{n}" for n in with_arguments} <= labels, name
        assert f"{name}.__new__" in labels
    assert len(METHODS) >= 50


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.label)
def test_runtime_matches_the_stub(method: Method) -> None:
    runtime = runtime_signature(method)
    params = [p for p in runtime.parameters.values() if p.name not in ("self", "$self")]
    named = [p for p in params if p.kind is not inspect.Parameter.VAR_KEYWORD]
    assert [p.name for p in named] == [p.name for p in method.params]
    for stub, actual in zip(method.params, named):
        expected_kind = (
            inspect.Parameter.POSITIONAL_OR_KEYWORD if stub.positional else inspect.Parameter.KEYWORD_ONLY
        )
        assert actual.kind is expected_kind, stub.name
        assert actual.default is None, f"{stub.name}: runtime default {actual.default!r}"
    assert params[-1].kind is inspect.Parameter.VAR_KEYWORD, "unknown keywords must reach the binding"


def test_sync_and_async_classes_take_the_same_arguments() -> None:
    by_label = {m.label: m.params for m in METHODS}
    for name in CLIENTS:
        if name.startswith("Async"):
            continue
        for method in (m for m in METHODS if m.cls == name):
            twin = f"Async{name}.{method.name}"
            assert by_label.get(twin) == method.params, twin
