"""Byte-identical search indexes: Pagefind 1.5.2 writes each filter's values in hash-map order.

A filter chunk is gzip(``pagefind_dcd`` + CBOR ``[name, [[value, [page ids]], …]]``), named by a
hash that the language's ``.pf_meta`` file lists, itself named in ``pagefind-entry.json``. Sorting
the values, renaming the chunks by their content and updating the two references gives the same
bytes for the same site on every build. Only the few CBOR forms these files use are read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, offset after the head) of the CBOR item at ``at``."""
    first = data[at]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info, at + 1
    size = 1 << (info - 24)  # 24..27: the argument follows in 1, 2, 4 or 8 bytes
    return major, int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def _skip(data: bytes, at: int) -> int:
    """Offset just after the CBOR item at ``at``."""
    major, arg, at = _head(data, at)
    if major in (2, 3):  # byte or text string
        return at + arg
    if major == 4:
        for _ in range(arg):
            at = _skip(data, at)
    elif major == 5:
        for _ in range(2 * arg):
            at = _skip(data, at)
    return at


def _text(data: bytes, at: int) -> str:
    _, length, start = _head(data, at)
    return data[start : start + length].decode("utf-8")


def _cbor_text(text: str) -> bytes:
    raw = text.encode("utf-8")
    head = bytes([0x60 | len(raw)]) if len(raw) < 24 else bytes([0x78, len(raw)])
    return head + raw


def _pack(payload: bytes) -> bytes:
    return gzip.compress(payload, mtime=0)


def _sorted_filter(payload: bytes) -> tuple[str, bytes]:
    """(filter name, chunk) with the filter's values in order."""
    body = payload[len(SIGNATURE) :]
    _, _, at = _head(body, 0)  # [name, values]
    name = _text(body, at)
    values_at = _skip(body, at)
    _, count, at = _head(body, values_at)
    header = body[values_at:at]
    entries = []
    for _ in range(count):
        end = _skip(body, at)
        _, _, inner = _head(body, at)
        entries.append((_text(body, inner), body[at:end]))
        at = end
    ordered = b"".join(raw for _, raw in sorted(entries))
    return name, SIGNATURE + body[:values_at] + header + ordered + body[at:]


def stabilise(output: Path) -> None:
    """Rewrite ``output`` (a Pagefind bundle) so that the same site always gives the same bytes."""
    entry_path = output / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = output / f"pagefind.{language['hash']}.pf_meta"
        meta = gzip.decompress(meta_path.read_bytes())
        listed: dict[str, tuple[bytes, bytes]] = {}  # filter name -> (entry as listed, entry renamed)
        prefix = language["hash"].split("_")[0]
        for chunk in sorted((output / "filter").glob(f"{prefix}_*.pf_filter")):
            name, payload = _sorted_filter(gzip.decompress(chunk.read_bytes()))
            new = f"{prefix}_{hashlib.sha256(payload).hexdigest()[:7]}"
            old_entry = b"\x82" + _cbor_text(name) + _cbor_text(chunk.stem)
            listed[name] = (old_entry, b"\x82" + _cbor_text(name) + _cbor_text(new))
            chunk.unlink()
            (output / "filter" / f"{new}.pf_filter").write_bytes(_pack(payload))
        if listed:
            meta = _relist(meta, listed)
        meta_path.unlink()
        language["hash"] = f"{prefix}_{hashlib.sha256(meta).hexdigest()[:10]}"
        (output / f"pagefind.{language['hash']}.pf_meta").write_bytes(_pack(meta))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _relist(meta: bytes, listed: dict[str, tuple[bytes, bytes]]) -> bytes:
    """``meta`` with its list of filter chunks renamed and in name order."""
    olds = [old for old, _ in listed.values()]
    start = min(meta.find(old) for old in olds)
    length = sum(len(old) for old in olds)
    if start < 0 or sorted(meta[start : start + length]) != sorted(b"".join(olds)):
        raise ValueError("index Pagefind d'une forme inattendue : mettez à jour hooks/lucide/pagefind_order.py")
    renamed = b"".join(listed[name][1] for name in sorted(listed))
    return meta[:start] + renamed + meta[start + length :]
