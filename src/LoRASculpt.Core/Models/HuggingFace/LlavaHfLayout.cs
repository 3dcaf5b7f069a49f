using System.Text.Json.Nodes;

namespace LoRASculpt.Core.Models.HuggingFace;

/// <summary>The llava-hf config.json (transformers LlavaConfig): nested text_config and vision_config.</summary>
internal static class LlavaHfLayout
{
    public static MllmConfig Read(ConfigJson root, string name, int? tokenizerVocabSize)
    {
        var modelType = root.String("model_type", "llava");
        if (modelType != "llava") throw root.Error("model_type", $"is '{modelType}', expected 'llava' (or the original LLaVA layout with mm_vision_tower)");
        var text = root.Object("text_config");
        if (text?.OptionalString("model_type") is { } textType && textType != "llama")
            throw text.Error("model_type", $"is '{textType}', but only LLaMA decoders are supported");
        if (!root.Bool("multimodal_projector_bias", true))
            throw root.Error("multimodal_projector_bias", "is false, but the mlp2x_gelu projector has biases");
        var textConfig = text is null ? HfLlavaConfig.ReadText(EmptyObject(root)) : HfLlavaConfig.ReadText(text);
        if (text is not null) HfLlavaConfig.RequireUntied(text);
        HfLlavaConfig.RequireUntied(root);
        var vision = root.Object("vision_config");
        return new MllmConfig(
            name,
            vision is null ? TransformersDefaults.Llava.DefaultVision : HfLlavaConfig.ReadVision(vision),
            textConfig,
            ProjectorType: "mlp2x_gelu",
            VisionFeatureLayer: root.Int("vision_feature_layer", TransformersDefaults.Llava.VisionFeatureLayer),
            ImageTokenId: root.Int("image_token_index", TransformersDefaults.Llava.ImageTokenIndex),
            PadTokenId: root.OptionalTokenId("pad_token_id") ?? text?.OptionalTokenId("pad_token_id"),
            BosTokenId: text?.OptionalTokenId("bos_token_id") ?? root.OptionalTokenId("bos_token_id") ?? TransformersDefaults.Llama.BosTokenId,
            EosTokenId: text?.OptionalTokenId("eos_token_id") ?? root.OptionalTokenId("eos_token_id") ?? TransformersDefaults.Llama.EosTokenId,
            UnknownTokenId: text?.OptionalTokenId("unk_token_id") ?? root.OptionalTokenId("unk_token_id") ?? TransformersDefaults.LlamaUnknownTokenId,
            VisionFeatureSelectStrategy: SelectStrategy(root),
            ProjectorHiddenAct: HfLlavaConfig.Activation(root, "projector_hidden_act", TransformersDefaults.Llava.ProjectorHiddenAct),
            TokenizerVocabSize: tokenizerVocabSize,
            TorchDtype: HfLlavaConfig.Dtype(root, "torch_dtype", text?.OptionalString("torch_dtype") ?? TorchDtypes.Float32));
    }

    public static JsonObject ToJson(MllmConfig config)
    {
        var text = new JsonObject { ["model_type"] = "llama", ["torch_dtype"] = config.TorchDtype };
        HfLlavaConfig.AddTextFields(text, config);
        return new JsonObject
        {
            ["_name_or_path"] = config.Name,
            ["architectures"] = new JsonArray("LlavaForConditionalGeneration"),
            ["ignore_index"] = -100,
            ["image_token_index"] = config.ImageTokenId,
            ["model_type"] = "llava",
            ["pad_token_id"] = config.PadTokenId,
            ["projector_hidden_act"] = config.ProjectorHiddenAct,
            ["text_config"] = text,
            ["tie_word_embeddings"] = false,
            ["torch_dtype"] = config.TorchDtype,
            ["vision_config"] = HfLlavaConfig.VisionJson(config.Vision),
            ["vision_feature_layer"] = config.VisionFeatureLayer,
            ["vision_feature_select_strategy"] = config.VisionFeatureSelectStrategy,
        };
    }

    private static string SelectStrategy(ConfigJson root)
    {
        var strategy = root.String("vision_feature_select_strategy", TransformersDefaults.Llava.VisionFeatureSelectStrategy);
        return strategy is "default" or "full" ? strategy : throw root.Error("vision_feature_select_strategy", $"is '{strategy}', expected 'default' or 'full'");
    }

    /// <summary>An absent text_config means LlamaConfig() with every default.</summary>
    private static ConfigJson EmptyObject(ConfigJson root) => ConfigJson.Empty(root.File, "text_config.");
}
