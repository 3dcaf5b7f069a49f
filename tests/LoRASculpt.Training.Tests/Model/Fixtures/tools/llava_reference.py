#!/usr/bin/env python3
"""Independent float64 re-implementation of a tiny LLaVA-1.5 forward pass (HF LlavaForConditionalGeneration semantics:
CLIP vision tower with quick_gelu and pre_layrnorm, hidden state vision_feature_layer, mlp2x_gelu projector, LLaMA decoder
with rotary embeddings, grouped KV heads, RMSNorm and a causal + left-padding mask), used to check the C# model.

Weights come from a closed formula (see weight()), so no checkpoint is needed: the C# test builds the same weights.
Run with Debian's python3-torch (1.13, no transformers):
    /usr/bin/python3 llava_reference.py > ../llava-reference.json
"""
import json
import math

import torch

torch.set_default_dtype(torch.float64)

VISION = dict(image=32, patch=8, channels=3, hidden=32, layers=2, heads=2, inter=64, eps=1e-5)
TEXT = dict(vocab=64, hidden=32, inter=48, layers=2, heads=4, kv=2, theta=10000.0, eps=1e-5)
IMAGE_ID = 3
FEATURE_LAYER = -2
IDS = [[1, 3, 10, 11, 12, 13], [0, 0, 1, 3, 20, 21]]
MASK = [[1, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1]]


def shapes():
    v, t = VISION, TEXT
    p = {}
    pre = "vision_tower.vision_model."
    p[pre + "embeddings.class_embedding"] = [v["hidden"]]
    p[pre + "embeddings.patch_embedding.weight"] = [v["hidden"], v["channels"], v["patch"], v["patch"]]
    p[pre + "embeddings.position_embedding.weight"] = [(v["image"] // v["patch"]) ** 2 + 1, v["hidden"]]
    for n in ["pre_layrnorm", "post_layernorm"]:
        p[pre + n + ".weight"] = [v["hidden"]]
        p[pre + n + ".bias"] = [v["hidden"]]
    for i in range(v["layers"]):
        lp = f"{pre}encoder.layers.{i}."
        for n in ["q_proj", "k_proj", "v_proj", "out_proj"]:
            p[lp + f"self_attn.{n}.weight"] = [v["hidden"], v["hidden"]]
            p[lp + f"self_attn.{n}.bias"] = [v["hidden"]]
        for n in ["layer_norm1", "layer_norm2"]:
            p[lp + n + ".weight"] = [v["hidden"]]
            p[lp + n + ".bias"] = [v["hidden"]]
        p[lp + "mlp.fc1.weight"] = [v["inter"], v["hidden"]]
        p[lp + "mlp.fc1.bias"] = [v["inter"]]
        p[lp + "mlp.fc2.weight"] = [v["hidden"], v["inter"]]
        p[lp + "mlp.fc2.bias"] = [v["hidden"]]
    p["multi_modal_projector.linear_1.weight"] = [t["hidden"], v["hidden"]]
    p["multi_modal_projector.linear_1.bias"] = [t["hidden"]]
    p["multi_modal_projector.linear_2.weight"] = [t["hidden"], t["hidden"]]
    p["multi_modal_projector.linear_2.bias"] = [t["hidden"]]
    d = t["hidden"] // t["heads"]
    p["language_model.model.embed_tokens.weight"] = [t["vocab"], t["hidden"]]
    for i in range(t["layers"]):
        lp = f"language_model.model.layers.{i}."
        p[lp + "self_attn.q_proj.weight"] = [t["heads"] * d, t["hidden"]]
        p[lp + "self_attn.k_proj.weight"] = [t["kv"] * d, t["hidden"]]
        p[lp + "self_attn.v_proj.weight"] = [t["kv"] * d, t["hidden"]]
        p[lp + "self_attn.o_proj.weight"] = [t["hidden"], t["heads"] * d]
        p[lp + "mlp.gate_proj.weight"] = [t["inter"], t["hidden"]]
        p[lp + "mlp.up_proj.weight"] = [t["inter"], t["hidden"]]
        p[lp + "mlp.down_proj.weight"] = [t["hidden"], t["inter"]]
        p[lp + "input_layernorm.weight"] = [t["hidden"]]
        p[lp + "post_attention_layernorm.weight"] = [t["hidden"]]
    p["language_model.model.norm.weight"] = [t["hidden"]]
    p["language_model.lm_head.weight"] = [t["vocab"], t["hidden"]]
    return p


def weight(k, name, shape):
    """Parameter k (in sorted-name order): s * sin(0.37 i + 1.3 k) over its flattened elements, rounded to float32."""
    n = math.prod(shape)
    wave = torch.sin(torch.arange(n, dtype=torch.float64) * 0.37 + 1.3 * k)
    if name.endswith(".bias"):
        value = 0.1 * wave
    elif "norm" in name:
        value = 1.0 + 0.1 * wave
    elif "embed" in name:
        value = wave
    else:
        value = wave * (1.0 / math.sqrt(math.prod(shape[1:])))
    return value.to(torch.float32).to(torch.float64).reshape(shape)


def pixels():
    n = 2 * VISION["channels"] * VISION["image"] ** 2
    return torch.sin(torch.arange(n, dtype=torch.float64) * 0.11).to(torch.float32).to(torch.float64).reshape(
        2, VISION["channels"], VISION["image"], VISION["image"])


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def vision_features(W, px, strategy):
    v = VISION
    pre = "vision_tower.vision_model."
    patches = torch.nn.functional.conv2d(px, W[pre + "embeddings.patch_embedding.weight"], stride=v["patch"])
    patches = patches.flatten(2).transpose(1, 2)
    cls = W[pre + "embeddings.class_embedding"].expand(px.shape[0], 1, -1)
    h = torch.cat([cls, patches], 1) + W[pre + "embeddings.position_embedding.weight"]
    h = layer_norm(h, W[pre + "pre_layrnorm.weight"], W[pre + "pre_layrnorm.bias"], v["eps"])
    states = [h]
    for i in range(v["layers"]):
        lp = f"{pre}encoder.layers.{i}."
        lin = lambda x, n: x @ W[lp + n + ".weight"].T + W[lp + n + ".bias"]
        x = layer_norm(h, W[lp + "layer_norm1.weight"], W[lp + "layer_norm1.bias"], v["eps"])
        b, t, _ = x.shape
        dh = v["hidden"] // v["heads"]
        split = lambda y: y.view(b, t, v["heads"], dh).transpose(1, 2)
        q, k, vv = split(lin(x, "self_attn.q_proj")), split(lin(x, "self_attn.k_proj")), split(lin(x, "self_attn.v_proj"))
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh), -1)
        h = h + lin((att @ vv).transpose(1, 2).reshape(b, t, -1), "self_attn.out_proj")
        x = layer_norm(h, W[lp + "layer_norm2.weight"], W[lp + "layer_norm2.bias"], v["eps"])
        f = lin(x, "mlp.fc1")
        h = h + lin(f * torch.sigmoid(1.702 * f), "mlp.fc2")
        states.append(h)
    selected = states[FEATURE_LAYER]
    if strategy == "default":
        selected = selected[:, 1:]
    p1 = selected @ W["multi_modal_projector.linear_1.weight"].T + W["multi_modal_projector.linear_1.bias"]
    g = 0.5 * p1 * (1 + torch.erf(p1 / math.sqrt(2)))
    return g @ W["multi_modal_projector.linear_2.weight"].T + W["multi_modal_projector.linear_2.bias"]


def rms(x, w, eps):
    return w * x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], -1)


def logits(W, strategy):
    t = TEXT
    feats = vision_features(W, pixels(), strategy)
    rows, masks = [], []
    for b, ids in enumerate(IDS):
        at = ids.index(IMAGE_ID)
        emb = W["language_model.model.embed_tokens.weight"][torch.tensor(ids)]
        rows.append(torch.cat([emb[:at], feats[b], emb[at + 1:]], 0))
        masks.append(MASK[b][:at] + [1] * feats.shape[1] + MASK[b][at + 1:])
    h = torch.stack(rows)
    mask = torch.tensor(masks, dtype=torch.bool)
    b, n, _ = h.shape
    positions = (mask.long().cumsum(-1) - 1).clamp(min=0)
    d = t["hidden"] // t["heads"]
    inv = 1.0 / t["theta"] ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    ang = positions[..., None].double() * inv
    cos, sin = torch.cat([ang, ang], -1).cos()[:, None], torch.cat([ang, ang], -1).sin()[:, None]
    allowed = torch.tril(torch.ones(n, n, dtype=torch.bool))[None] & mask[:, None, :]
    for i in range(t["layers"]):
        lp = f"language_model.model.layers.{i}."
        x = rms(h, W[lp + "input_layernorm.weight"], t["eps"])
        q = (x @ W[lp + "self_attn.q_proj.weight"].T).view(b, n, t["heads"], d).transpose(1, 2)
        k = (x @ W[lp + "self_attn.k_proj.weight"].T).view(b, n, t["kv"], d).transpose(1, 2)
        v = (x @ W[lp + "self_attn.v_proj.weight"].T).view(b, n, t["kv"], d).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(t["heads"] // t["kv"], 1)
        v = v.repeat_interleave(t["heads"] // t["kv"], 1)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d)
        scores = scores.masked_fill(~allowed[:, None], float("-inf"))
        # A fully masked row (a left-padding query) has no defined output; zero it rather than NaN.
        att = torch.nan_to_num(torch.softmax(scores, -1))
        h = h + (att @ v).transpose(1, 2).reshape(b, n, -1) @ W[lp + "self_attn.o_proj.weight"].T
        x = rms(h, W[lp + "post_attention_layernorm.weight"], t["eps"])
        gate = x @ W[lp + "mlp.gate_proj.weight"].T
        up = x @ W[lp + "mlp.up_proj.weight"].T
        h = h + (gate * torch.sigmoid(gate) * up) @ W[lp + "mlp.down_proj.weight"].T
    h = rms(h, W["language_model.model.norm.weight"], t["eps"])
    out = h @ W["language_model.lm_head.weight"].T
    # Only real positions are compared: padding outputs are undefined in any implementation.
    return [[[round(float(x), 7) for x in out[r, j]] if mask[r, j] else None for j in range(n)] for r in range(b)]


def main():
    spec = shapes()
    W = {name: weight(k, name, spec[name]) for k, name in enumerate(sorted(spec))}
    print(json.dumps({
        "note": "Generated by tools/llava_reference.py (float64 reference; weights from its closed formula).",
        "vision": VISION, "text": TEXT, "image_token_id": IMAGE_ID, "vision_feature_layer": FEATURE_LAYER,
        "input_ids": IDS, "attention_mask": MASK,
        "logits": {s: logits(W, s) for s in ["default", "full"]},
    }))


if __name__ == "__main__":
    main()
