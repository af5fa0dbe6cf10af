"""Static text files and plotly.js go out gzip-compressed from one copy per file version
(app/web/compressed.py): the bytes are the file's, the validators still answer 304, a client
that takes no gzip gets the file as it is, and a second request compresses nothing again."""
# (every file under static/ is over MIN_BYTES; the small-file rule is GZipMiddleware's own)

from __future__ import annotations

import gzip

import pytest

from app.web.pages import PLOTLY_CARTESIAN_JS, PLOTLY_JS, ROOT

FILES = [("/vendor/plotly.min.js", PLOTLY_JS), ("/vendor/plotly-cartesian.min.js", PLOTLY_CARTESIAN_JS),
         ("/static/js/playground.js", ROOT / "static/js/playground.js"),
         ("/static/css/app.css", ROOT / "static/css/app.css")]


@pytest.mark.parametrize(("url", "path"), FILES)
def test_a_text_file_goes_out_compressed_once(client, url, path):
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    copies = len(client.app.state.gzip)
    again = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == again.status_code == 200
    assert first.headers["content-encoding"] == "gzip" and first.headers["vary"] == "Accept-Encoding"
    assert first.content == again.content == path.read_bytes()  # httpx undid the gzip
    assert int(first.headers["content-length"]) < path.stat().st_size / 2
    assert len(client.app.state.gzip) == copies  # the second answer was the same copy
    assert first.headers["etag"] == again.headers["etag"]


def test_validators_plain_clients_head_and_the_bytes_sent(client):
    url, path = next(f for f in FILES if f[0].startswith("/static/"))  # StaticFiles: validators
    etag = client.get(url).headers["etag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == path.read_bytes()
    head = client.head(url, headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and head.content == b""
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as answer:
        sent = b"".join(answer.iter_raw())  # the bytes on the wire: one gzip member of the file
    assert sent[:2] == b"\x1f\x8b" and gzip.decompress(sent) == path.read_bytes()
    assert client.get("/static/js/nowhere.js", headers={"Accept-Encoding": "gzip"}).status_code == 404
