#!/usr/bin/env python3
"""Writes a llava-hf/llava-1.5-7b-hf-shaped checkpoint whose shards are sparse files: real safetensors headers (F16,
the release's keys and shapes, three shards as the release has), no weight data on disk. `lorasculpt model inspect`
reads headers only, so this measures it on a 14 GB model without 14 GB of disk.

    python3 sparse_llava_7b.py OUT_DIR TOKENIZER_MODEL
    lorasculpt model inspect OUT_DIR

TOKENIZER_MODEL: any LLaMA SentencePiece model (the tests' 400-piece fixture will do: the added tokens below give the
tokenizer llava-hf's 32002 ids). Standard library only.
"""
import json
import os
import shutil
import struct
import sys

VISION_LAYERS, TEXT_LAYERS = 24, 32
V, T, MLP_V, MLP_T, VOCAB = 1024, 4096, 4096, 11008, 32064


def keys():
    p = "vision_tower.vision_model."
    yield p + "embeddings.class_embedding", [V]
    yield p + "embeddings.patch_embedding.weight", [V, 3, 14, 14]
    yield p + "embeddings.position_embedding.weight", [577, V]
    yield p + "pre_layrnorm.weight", [V]
    yield p + "pre_layrnorm.bias", [V]
    for i in range(VISION_LAYERS):
        l = f"{p}encoder.layers.{i}."
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            yield l + f"self_attn.{proj}.weight", [V, V]
            yield l + f"self_attn.{proj}.bias", [V]
        for norm in ("layer_norm1", "layer_norm2"):
            yield l + f"{norm}.weight", [V]
            yield l + f"{norm}.bias", [V]
        yield l + "mlp.fc1.weight", [MLP_V, V]
        yield l + "mlp.fc1.bias", [MLP_V]
        yield l + "mlp.fc2.weight", [V, MLP_V]
        yield l + "mlp.fc2.bias", [V]
    yield p + "post_layernorm.weight", [V]
    yield p + "post_layernorm.bias", [V]
    yield "multi_modal_projector.linear_1.weight", [T, V]
    yield "multi_modal_projector.linear_1.bias", [T]
    yield "multi_modal_projector.linear_2.weight", [T, T]
    yield "multi_modal_projector.linear_2.bias", [T]
    yield "language_model.model.embed_tokens.weight", [VOCAB, T]
    for i in range(TEXT_LAYERS):
        l = f"language_model.model.layers.{i}."
        for proj in ("q_proj", "k_proj", "v_proj", "o_proj"):
            yield l + f"self_attn.{proj}.weight", [T, T]
        yield l + "mlp.gate_proj.weight", [MLP_T, T]
        yield l + "mlp.up_proj.weight", [MLP_T, T]
        yield l + "mlp.down_proj.weight", [T, MLP_T]
        yield l + "input_layernorm.weight", [T]
        yield l + "post_attention_layernorm.weight", [T]
    yield "language_model.model.norm.weight", [T]
    yield "language_model.lm_head.weight", [VOCAB, T]


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def write_shard(path, tensors):
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, shape in tensors:
        size = numel(shape) * 2
        header[name] = {"dtype": "F16", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        f.truncate(8 + len(raw) + offset)  # sparse: no data blocks are written


def main(out, tokenizer):
    os.makedirs(out, exist_ok=True)
    all_keys = list(keys())
    limit = 5_000_000_000
    shards, current, size = [], [], 0
    for name, shape in all_keys:
        if current and size + numel(shape) * 2 > limit:
            shards.append(current)
            current, size = [], 0
        current.append((name, shape))
        size += numel(shape) * 2
    shards.append(current)
    weight_map, total = {}, 0
    for i, tensors in enumerate(shards):
        file = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        write_shard(os.path.join(out, file), tensors)
        for name, shape in tensors:
            weight_map[name] = file
            total += numel(shape) * 2
    with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    # llava-hf/llava-1.5-7b-hf's config.json: everything else is transformers' defaults.
    config = {
        "architectures": ["LlavaForConditionalGeneration"], "ignore_index": -100, "image_token_index": 32000,
        "model_type": "llava", "pad_token_id": 32001, "projector_hidden_act": "gelu",
        "text_config": {"architectures": ["LlamaForCausalLM"], "max_position_embeddings": 4096, "model_type": "llama",
                        "rms_norm_eps": 1e-05, "torch_dtype": "float16", "vocab_size": VOCAB},
        "tie_word_embeddings": False, "torch_dtype": "float16",
        "vision_config": {"hidden_size": V, "image_size": 336, "intermediate_size": MLP_V, "model_type": "clip_vision_model",
                          "num_attention_heads": 16, "num_hidden_layers": VISION_LAYERS, "patch_size": 14, "projection_dim": 768},
        "vision_feature_layer": -2, "vision_feature_select_strategy": "default", "vocab_size": VOCAB,
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    preprocessor = {
        "crop_size": {"height": 336, "width": 336}, "do_center_crop": True, "do_convert_rgb": True, "do_normalize": True,
        "do_rescale": True, "do_resize": True, "image_mean": [0.48145466, 0.4578275, 0.40821073],
        "image_processor_type": "CLIPImageProcessor", "image_std": [0.26862954, 0.26130258, 0.27577711],
        "processor_class": "LlavaProcessor", "resample": 3, "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 336},
    }
    with open(os.path.join(out, "preprocessor_config.json"), "w") as f:
        json.dump(preprocessor, f, indent=2)
    shutil.copyfile(tokenizer, os.path.join(out, "tokenizer.model"))
    with open(os.path.join(out, "added_tokens.json"), "w") as f:
        json.dump({"<image>": 32000, "<pad>": 32001}, f)
    print(f"{len(all_keys)} tensors, {total // 2} parameters, {total} bytes in {len(shards)} sparse shards at {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
