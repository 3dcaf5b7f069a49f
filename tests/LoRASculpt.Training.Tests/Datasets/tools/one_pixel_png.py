"""Prints the base64 of DataFolder.OnePixelPng: a 1x1 red 8-bit RGB PNG. Run: python3 one_pixel_png.py"""
import base64
import struct
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # width, height, bit depth, colour type RGB, compression, filter, interlace
idat = zlib.compress(b"\x00\xff\x00\x00", 9)          # filter byte 0, then one red pixel
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
print(base64.b64encode(png).decode())
