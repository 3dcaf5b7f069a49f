#!/usr/bin/env python3
"""Regenerates the image fixtures and PIL/transformers golden outputs used by tests/.../Images.

Run from this folder with Debian's python3-pil (9.4) and python3-numpy:  /usr/bin/python3 make_fixtures.py
It writes small test images, then for each one what PIL's Image.open(path).convert('RGB') decodes
(decoded/<name>.rgb, raw HWC uint8), and for each preprocessing case in CASES the uint8 image after
LLaVA's optional expand2square and the PIL resize (<case>.resized.u8, HWC) and the final float32
pixel values (<case>.pixels.f32, CHW little-endian), plus cases.json describing shapes and options.

The preprocessing below restates, step by step, what transformers' CLIPImageProcessor.preprocess
(slow, PIL-based) and LLaVA's process_images(image_aspect_ratio='pad') do, so the C# port can be
checked against PIL's own resampler without transformers installed.
"""
import json
import math
import os
import struct
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


def write_png16(path, a, colour_type):
    # PIL cannot write 16-bit RGB PNGs, so this writes one by hand: filter type 0 on every row, big-endian samples.
    h, w = a.shape[:2]
    raw = b"".join(b"\x00" + a[y].astype(">u2").tobytes() for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 16, colour_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def make_images():
    rng = np.random.RandomState(20261130)
    images = {}

    # Smooth gradients plus noise and hard edges: the noise drives bicubic overshoot into clipping.
    def rgb(w, h):
        y, x = np.mgrid[0:h, 0:w]
        base = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x + y) * 7 % 256], axis=-1)
        noise = rng.randint(-60, 61, size=(h, w, 3))
        a = np.clip(base + noise, 0, 255).astype(np.uint8)
        a[h // 3: h // 3 + 2, :, :] = [255, 255, 255]
        a[:, w // 2, :] = [0, 0, 0]
        return a

    images["wide_37x23.png"] = Image.fromarray(rgb(37, 23), "RGB")
    images["tall_50x80.png"] = Image.fromarray(rgb(50, 80), "RGB")
    images["gray_19x13.png"] = Image.fromarray(rng.randint(0, 256, size=(13, 19)).astype(np.uint8), "L")
    images["rgba_21x17.png"] = Image.fromarray(rng.randint(0, 256, size=(17, 21, 4)).astype(np.uint8), "RGBA")
    images["graya_11x9.png"] = Image.fromarray(rng.randint(0, 256, size=(9, 11, 2)).astype(np.uint8), "LA")
    pal = Image.fromarray(rng.randint(0, 256, size=(12, 15, 3)).astype(np.uint8), "RGB").quantize(colors=16)
    pal.info["transparency"] = 3
    images["palette_15x12.png"] = pal
    for name, im in images.items():
        if name == "palette_15x12.png":
            im.save(os.path.join(HERE, name), transparency=3)
        else:
            im.save(os.path.join(HERE, name))

    photo = Image.fromarray(rgb(50, 80), "RGB")
    photo.save(os.path.join(HERE, "tall_50x80.jpg"), quality=90)  # baseline, 4:2:0 chroma
    photo.save(os.path.join(HERE, "tall_50x80_progressive.jpg"), quality=85, progressive=True)
    Image.fromarray(rgb(37, 23), "RGB").convert("L").save(os.path.join(HERE, "gray_37x23.jpg"), quality=92)

    Image.fromarray(rng.randint(0, 2, size=(7, 13)).astype(bool)).save(os.path.join(HERE, "bilevel_13x7.png"))  # 1-bit
    write_png16(os.path.join(HERE, "rgb16_9x6.png"), rng.randint(0, 65536, size=(6, 9, 3)), colour_type=2)
    # 16-bit grey: PIL's convert("RGB") clips it to 0..255 instead of scaling; the decoder refuses it.
    write_png16(os.path.join(HERE, "unsupported_gray16_5x4.png"), rng.randint(0, 65536, size=(4, 5)), colour_type=0)
    extra = ["bilevel_13x7.png", "rgb16_9x6.png"]
    return sorted(list(images) + extra + ["tall_50x80.jpg", "tall_50x80_progressive.jpg", "gray_37x23.jpg"])


def expand2square(img, background):
    # LLaVA's llava/mm_utils.py expand2square: the image pasted centred on a square of the background colour.
    w, h = img.size
    if w == h:
        return img
    side = max(w, h)
    result = Image.new(img.mode, (side, side), background)
    result.paste(img, (0, (w - h) // 2) if w > h else ((h - w) // 2, 0))
    return result


def resize_output_size(h, w, size):
    # transformers.image_transforms.get_resize_output_image_size (get_size_dict turns a bare int into shortest_edge)
    if isinstance(size, int):
        size = {"shortest_edge": size}
    if "height" in size:
        return size["height"], size["width"]
    s = size["shortest_edge"]
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = s, int(s * long / short)
    return (new_long, new_short) if w <= h else (new_short, new_long)


def center_crop(a, ch, cw):
    # transformers.image_transforms.center_crop on an HWC array (zero padding when the crop is larger).
    oh, ow = a.shape[:2]
    top = (oh - ch) // 2
    left = (ow - cw) // 2
    bottom, right = top + ch, left + cw
    if top >= 0 and bottom <= oh and left >= 0 and right <= ow:
        return a[top:bottom, left:right]
    nh, nw = max(ch, oh), max(cw, ow)
    padded = np.zeros((nh, nw) + a.shape[2:], dtype=a.dtype)
    tp, lp = math.ceil((nh - oh) / 2), math.ceil((nw - ow) / 2)
    padded[tp:tp + oh, lp:lp + ow] = a
    top, bottom, left, right = top + tp, bottom + tp, left + lp, right + lp
    return padded[max(0, top):min(nh, bottom), max(0, left):min(nw, right)]


def preprocess(img, c):
    mean, std = c.get("image_mean", CLIP_MEAN), c.get("image_std", CLIP_STD)
    if c.get("image_aspect_ratio") == "pad":
        img = expand2square(img, tuple(int(x * 255) for x in mean))
    a = np.array(img.convert("RGB"))
    if c.get("do_resize", True):
        oh, ow = resize_output_size(a.shape[0], a.shape[1], c["size"])
        a = np.array(Image.fromarray(a).resize((ow, oh), resample=c.get("resample", 3)))
    resized = a
    if c.get("do_center_crop", True):
        crop = c["crop_size"] if isinstance(c["crop_size"], dict) else SQ(c["crop_size"])
        a = center_crop(a, crop["height"], crop["width"])
    if c.get("do_rescale", True):
        a = (a.astype(np.float64) * c.get("rescale_factor", 1 / 255)).astype(np.float32)
    if c.get("do_normalize", True):
        if not np.issubdtype(a.dtype, np.floating):
            a = a.astype(np.float32)
        a = (a - np.array(mean, dtype=a.dtype)) / np.array(std, dtype=a.dtype)
    return resized, np.ascontiguousarray(a.astype(np.float32).transpose(2, 0, 1))


SQ = lambda n: {"height": n, "width": n}
CASES = [
    # name, image, options: preprocessor_config.json keys plus LLaVA's image_aspect_ratio (model config.json)
    ("wide_down_nopad", "wide_37x23.png", {"size": {"shortest_edge": 16}, "crop_size": SQ(16)}),
    ("wide_down_pad", "wide_37x23.png", {"size": {"shortest_edge": 16}, "crop_size": SQ(16), "image_aspect_ratio": "pad"}),
    ("tall_down_nopad", "tall_50x80.png", {"size": {"shortest_edge": 24}, "crop_size": SQ(24)}),
    ("tall_down_pad", "tall_50x80.png", {"size": {"shortest_edge": 24}, "crop_size": SQ(24), "image_aspect_ratio": "pad"}),
    ("wide_up_nopad", "wide_37x23.png", {"size": {"shortest_edge": 40}, "crop_size": SQ(32)}),
    ("wide_up_pad", "wide_37x23.png", {"size": {"shortest_edge": 48}, "crop_size": SQ(48), "image_aspect_ratio": "pad"}),
    ("tall_up_pad", "tall_50x80.png", {"size": {"shortest_edge": 97}, "crop_size": SQ(96), "image_aspect_ratio": "pad"}),
    ("tall_exact_crop_pads_zeros", "tall_50x80.png", {"size": {"height": 20, "width": 30}, "crop_size": {"height": 24, "width": 17}}),
    # Bare ints as in openai/clip-vit-large-patch14-336's own config: size is the shortest edge, crop a square.
    ("wide_int_sizes_box", "wide_37x23.png", {"size": 20, "crop_size": 18, "resample": 4}),
    ("tall_hamming_pad", "tall_50x80.png", {"size": {"shortest_edge": 30}, "crop_size": SQ(30), "resample": 5, "image_aspect_ratio": "pad"}),
    ("gray_rescale_only", "gray_19x13.png", {"size": {"shortest_edge": 16}, "crop_size": SQ(16), "do_normalize": False}),
    ("rgba_bilinear_pad", "rgba_21x17.png", {"size": {"shortest_edge": 16}, "crop_size": SQ(16), "resample": 2, "image_aspect_ratio": "pad"}),
    ("palette_lanczos_nocrop", "palette_15x12.png", {"size": {"shortest_edge": 20}, "do_center_crop": False, "resample": 1}),
    ("tall_custom_mean_noresize", "tall_50x80.png", {"do_resize": False, "crop_size": SQ(24), "image_aspect_ratio": "pad",
                                                      "image_mean": [0.5, 0.25, 0.75], "image_std": [0.5, 0.125, 0.3]}),
]


def main():
    names = make_images()
    os.makedirs(os.path.join(HERE, "decoded"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "golden"), exist_ok=True)
    decoded = []
    for name in names:
        im = Image.open(os.path.join(HERE, name)).convert("RGB")
        np.array(im).tofile(os.path.join(HERE, "decoded", name + ".rgb"))
        decoded.append({"file": name, "width": im.size[0], "height": im.size[1]})
    cases = []
    for name, image, opts in CASES:
        resized, pixels = preprocess(Image.open(os.path.join(HERE, image)), opts)
        resized.tofile(os.path.join(HERE, "golden", name + ".resized.u8"))
        pixels.astype("<f4").tofile(os.path.join(HERE, "golden", name + ".pixels.f32"))
        cases.append({"name": name, "image": image, "options": opts,
                      "resized": [int(d) for d in resized.shape[:2]], "pixels": [int(d) for d in pixels.shape]})
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump({"decoded": decoded, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
