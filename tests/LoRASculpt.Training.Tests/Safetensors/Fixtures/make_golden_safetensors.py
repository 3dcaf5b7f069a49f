#!/usr/bin/env python3
"""Writes golden.safetensors: an independent (standard library only) implementation of the safetensors layout.

The C# tests read this file and check every value, and check that SafetensorsWriter produces the same bytes.
Layout: 8-byte little-endian header length, compact JSON header ("__metadata__" first, tensors in name order,
data_offsets relative to the data section), space padding to a multiple of 8, then the raw little-endian data.
bfloat16 is float32 rounded to nearest-even on its top 16 bits, as torch rounds.
Run: python3 make_golden_safetensors.py  (writes next to this script)
"""
import json
import os
import struct


def f32(values):
    return struct.pack(f"<{len(values)}f", *values)


def f16(values):
    return struct.pack(f"<{len(values)}e", *values)


def bf16(values):
    out = b""
    for v in values:
        bits = struct.unpack("<I", struct.pack("<f", v))[0]
        rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
        out += struct.pack("<H", rounded)
    return out


TENSORS = [
    ("a.f32", "F32", [2, 3], f32([0.0, 1.5, -2.0, 3.25, 0.001, -7.0])),
    ("b.f16", "F16", [4], f16([1.0, -2.0, 0.5, 65504.0])),
    ("c.bf16", "BF16", [2, 2], bf16([1.0, -3.0, 0.1, 1e10])),
    ("d.i64", "I64", [3], struct.pack("<3q", -1, 0, 1 << 40)),
    ("e.bool", "BOOL", [2], bytes([1, 0])),
    ("f.u8", "U8", [1, 2], bytes([0, 255])),
]


def main():
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, dtype, shape, data in sorted(TENSORS):
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    blob = struct.pack("<Q", len(text)) + text + b"".join(data for _, _, _, data in sorted(TENSORS))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.safetensors")
    with open(path, "wb") as f:
        f.write(blob)
    print(path, len(blob), "bytes")


if __name__ == "__main__":
    main()
