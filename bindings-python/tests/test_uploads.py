"""``upload_image`` takes what users have: a ``pathlib.Path``, a ``str`` path, ``bytes``,
``bytearray``, ``memoryview``, a file opened with ``"rb"``, an ``io.BytesIO``. The mock stores what
it received, served back at the answer's URL: the bytes and the part's content type; the hostile
server records the whole request, where the part's file name is. An explicit ``content_type`` is
taken as given (``photo.heic`` as ``image/heic``); without one the file name's extension
decides."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import chatwire
from chatwire.testing import MockServer
from conftest import PNG_BYTES, requests_to
from hostile import HostileServer

UPLOAD = "/api/v1/chat/upload-image"


def received(url: str) -> tuple[str, bytes]:
    """The content type and bytes the mock stored for an upload."""
    with urllib.request.urlopen(url, timeout=5) as response:
        data: bytes = response.read()
        return str(response.headers["content-type"]), data


@pytest.fixture
def png(tmp_path: Path) -> Path:
    path = tmp_path / "pixel.png"
    path.write_bytes(PNG_BYTES)
    return path


def inputs(png: Path) -> dict[str, Callable[[], dict[str, Any]]]:
    """Each kind of image argument, as upload_image's keyword arguments."""
    return {
        "Path": lambda: {"image": png},
        "str": lambda: {"image": str(png)},
        "bytes": lambda: {"image": PNG_BYTES, "file_name": "a.png"},
        "bytearray": lambda: {"image": bytearray(PNG_BYTES), "file_name": "a.png"},
        "memoryview": lambda: {"image": memoryview(PNG_BYTES), "file_name": "a.png"},
        "open rb": lambda: {"image": png.open("rb")},
        "BytesIO": lambda: {"image": io.BytesIO(PNG_BYTES), "file_name": "a.png"},
    }


KINDS = ["Path", "str", "bytes", "bytearray", "memoryview", "open rb", "BytesIO"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_image(mock: MockServer, vexar: chatwire.Vexar, png: Path, kind: str) -> None:
    arguments = inputs(png)[kind]()
    uploaded = vexar.upload_image(session_id="sess_up", **arguments)
    assert uploaded.success is True
    assert received(uploaded.url) == ("image/png", PNG_BYTES)
    assert requests_to(mock, UPLOAD)[0]["headers"]["content-type"].startswith("multipart/form-data")


@pytest.mark.parametrize("kind", KINDS)
async def test_each_kind_of_image_async(
    avexar: chatwire.AsyncVexar, png: Path, kind: str
) -> None:
    arguments = inputs(png)[kind]()
    uploaded = await avexar.upload_image(session_id="sess_up", **arguments)
    assert received(uploaded.url) == ("image/png", PNG_BYTES)


def test_a_file_object_is_read_from_where_it_stands(vexar: chatwire.Vexar) -> None:
    buffer = io.BytesIO(b"header" + PNG_BYTES)
    buffer.seek(len(b"header"))
    uploaded = vexar.upload_image(
        session_id="sess_up", image=buffer, file_name="a.png", content_type="image/png"
    )
    assert received(uploaded.url) == ("image/png", PNG_BYTES)


def test_an_open_file_s_name_gives_the_type(vexar: chatwire.Vexar, tmp_path: Path) -> None:
    gif = tmp_path / "anim.gif"
    gif.write_bytes(b"GIF89a" + bytes(20))
    with gif.open("rb") as file:
        uploaded = vexar.upload_image(session_id="sess_up", image=file)
    assert received(uploaded.url) == ("image/gif", gif.read_bytes())


def test_the_extension_gives_the_type(vexar: chatwire.Vexar) -> None:
    uploaded = vexar.upload_image(session_id="sess_up", image=b"\xff\xd8\xff", file_name="p.JPEG")
    assert received(uploaded.url) == ("image/jpeg", b"\xff\xd8\xff")


def test_an_explicit_content_type_wins_over_the_extension(
    vexar: chatwire.Vexar, tmp_path: Path
) -> None:
    heic = tmp_path / "photo.heic"
    heic.write_bytes(b"heic bytes")
    from_path = vexar.upload_image(session_id="sess_up", image=heic, content_type="image/heic")
    assert received(from_path.url) == ("image/heic", b"heic bytes")
    from_bytes = vexar.upload_image(
        session_id="sess_up", image=b"heic bytes", file_name="photo.heic", content_type="image/heic"
    )
    assert received(from_bytes.url) == ("image/heic", b"heic bytes")
    # And over a known extension: a .png sent as what the caller says it is.
    relabelled = vexar.upload_image(
        session_id="sess_up", image=PNG_BYTES, file_name="a.png", content_type="image/webp"
    )
    assert received(relabelled.url) == ("image/webp", PNG_BYTES)


def refused(call: Callable[[], Any], field: str, *words: str) -> None:
    with pytest.raises(chatwire.ValidationError) as raised:
        call()
    assert raised.value.field == field, raised.value
    for word in words:
        assert word in raised.value.reason, raised.value.reason


def test_what_is_refused_before_sending(mock: MockServer, vexar: chatwire.Vexar, tmp_path: Path) -> None:
    heic = tmp_path / "photo.heic"
    heic.write_bytes(b"heic bytes")
    refused(lambda: vexar.upload_image(session_id="s", image=heic), "image", "no image extension")
    refused(lambda: vexar.upload_image(session_id="s", image=PNG_BYTES), "file_name", "required")
    refused(
        lambda: vexar.upload_image(session_id="s", image=io.BytesIO(PNG_BYTES)),
        "file_name",
        "required",
    )
    text = tmp_path / "notes.png"
    text.write_text("not binary")
    with text.open("r") as opened:
        refused(
            lambda: vexar.upload_image(session_id="s", image=opened),  # type: ignore[arg-type]
            "image",
            "binary mode",
            "str",
        )
    refused(
        lambda: vexar.upload_image(session_id="s", image=42),  # type: ignore[arg-type]
        "image",
        "binary file object",
    )
    refused(
        lambda: vexar.upload_image(
            session_id="s", image=PNG_BYTES, file_name="a.png", content_type="text/plain"
        ),
        "content_type",
        "image/",
    )
    assert requests_to(mock, UPLOAD) == []


# The name each kind of image is sent under: a file's own, else the file_name given.
SENT_NAMES = {
    "Path": "pixel.png",
    "str": "pixel.png",
    "bytes": "a.png",
    "bytearray": "a.png",
    "memoryview": "a.png",
    "open rb": "pixel.png",
    "BytesIO": "a.png",
}


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    yield server
    server.close()


def sent_part(hostile: HostileServer, arguments: dict[str, Any]) -> str:
    """The multipart body an upload sent, as the hostile server recorded it (its JSON answer
    is no upload's, so the call itself ends in a DecodeError)."""
    hostile.reset()
    client = chatwire.Vexar("vx_uploads", base_url=hostile.url("reply-json"), max_retries=0)
    with pytest.raises(chatwire.DecodeError):
        client.upload_image(session_id="sess_up", **arguments)
    (request,) = hostile.requests()
    assert request["headers"]["content-type"].startswith("multipart/form-data; boundary=")
    return str(request["body"])


@pytest.mark.parametrize("kind", KINDS)
def test_the_part_carries_the_file_name(hostile: HostileServer, png: Path, kind: str) -> None:
    body = sent_part(hostile, inputs(png)[kind]())
    assert f'name="image"; filename="{SENT_NAMES[kind]}"' in body, body[:300]
    assert "content-type: image/png" in body.lower()


def test_a_given_file_name_replaces_the_file_s_own(hostile: HostileServer, png: Path) -> None:
    body = sent_part(hostile, {"image": png, "file_name": "renamed.png"})
    assert 'filename="renamed.png"' in body and "pixel.png" not in body
    with png.open("rb") as file:
        body = sent_part(hostile, {"image": file, "file_name": "other.webp"})
    assert 'filename="other.webp"' in body and "content-type: image/webp" in body.lower()
