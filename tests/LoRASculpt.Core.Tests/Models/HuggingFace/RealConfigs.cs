namespace LoRASculpt.Core.Tests.Models.HuggingFace;

/// <summary>
/// config.json files as the public checkpoints ship them (field for field; transformers' bookkeeping fields kept so
/// the reader is shown to ignore them). Only sizes are read from these: no such model is built in the tests.
/// </summary>
internal static class RealConfigs
{
    /// <summary>llava-hf/llava-1.5-7b-hf: text_config names only a few fields and relies on LlamaConfig's defaults.</summary>
    public const string Llava15_7bHf = """
        {
          "architectures": ["LlavaForConditionalGeneration"],
          "ignore_index": -100,
          "image_token_index": 32000,
          "model_type": "llava",
          "pad_token_id": 32001,
          "projector_hidden_act": "gelu",
          "text_config": {
            "_name_or_path": "lmsys/vicuna-7b-v1.5",
            "architectures": ["LlamaForCausalLM"],
            "max_position_embeddings": 4096,
            "model_type": "llama",
            "rms_norm_eps": 1e-05,
            "torch_dtype": "float16",
            "vocab_size": 32064
          },
          "tie_word_embeddings": false,
          "torch_dtype": "float16",
          "transformers_version": "4.36.0.dev0",
          "vision_config": {
            "hidden_size": 1024,
            "image_size": 336,
            "intermediate_size": 4096,
            "model_type": "clip_vision_model",
            "num_attention_heads": 16,
            "num_hidden_layers": 24,
            "patch_size": 14,
            "projection_dim": 768,
            "vocab_size": 32000
          },
          "vision_feature_layer": -2,
          "vision_feature_select_strategy": "default",
          "vocab_size": 32064
        }
        """;

    /// <summary>liuhaotian/llava-v1.5-7b: LLaMA fields at the top level, the vision tower named by mm_vision_tower.</summary>
    public const string Llava15_7bOriginal = """
        {
          "_name_or_path": "./checkpoints/vicuna-7b-v1-5",
          "architectures": ["LlavaLlamaForCausalLM"],
          "bos_token_id": 1,
          "eos_token_id": 2,
          "freeze_mm_mlp_adapter": false,
          "hidden_act": "silu",
          "hidden_size": 4096,
          "image_aspect_ratio": "pad",
          "initializer_range": 0.02,
          "intermediate_size": 11008,
          "max_length": 4096,
          "max_position_embeddings": 4096,
          "mm_hidden_size": 1024,
          "mm_projector_type": "mlp2x_gelu",
          "mm_use_im_patch_token": false,
          "mm_use_im_start_end": false,
          "mm_vision_select_feature": "patch",
          "mm_vision_select_layer": -2,
          "mm_vision_tower": "openai/clip-vit-large-patch14-336",
          "model_type": "llava",
          "num_attention_heads": 32,
          "num_hidden_layers": 32,
          "num_key_value_heads": 32,
          "pad_token_id": 0,
          "pretraining_tp": 1,
          "rms_norm_eps": 1e-05,
          "rope_scaling": null,
          "tie_word_embeddings": false,
          "torch_dtype": "float16",
          "transformers_version": "4.31.0",
          "tune_mm_mlp_adapter": false,
          "use_cache": true,
          "use_mm_proj": true,
          "vocab_size": 32000
        }
        """;

    /// <summary>openai/clip-vit-large-patch14-336 (a CLIPConfig; its text half abridged, only vision_config is read).</summary>
    public const string ClipVitL14_336 = """
        {
          "architectures": ["CLIPModel"],
          "initializer_factor": 1.0,
          "logit_scale_init_value": 2.6592,
          "model_type": "clip",
          "projection_dim": 768,
          "text_config": { "hidden_size": 768, "model_type": "clip_text_model", "num_hidden_layers": 12 },
          "torch_dtype": "float32",
          "vision_config": {
            "attention_dropout": 0.0,
            "dropout": 0.0,
            "hidden_act": "quick_gelu",
            "hidden_size": 1024,
            "image_size": 336,
            "initializer_factor": 1.0,
            "initializer_range": 0.02,
            "intermediate_size": 4096,
            "layer_norm_eps": 1e-05,
            "model_type": "clip_vision_model",
            "num_attention_heads": 16,
            "num_channels": 3,
            "num_hidden_layers": 24,
            "patch_size": 14,
            "projection_dim": 768
          }
        }
        """;
}
