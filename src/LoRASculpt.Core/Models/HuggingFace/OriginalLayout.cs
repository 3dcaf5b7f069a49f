using System.Text.Json.Nodes;

namespace LoRASculpt.Core.Models.HuggingFace;

/// <summary>
/// The original LLaVA-1.5 config.json (LlavaLlamaForCausalLM: a LlamaConfig plus mm_* fields) and the config.json of
/// the CLIP directory that mm_vision_tower names (a CLIPConfig with vision_config, or a bare CLIPVisionConfig).
/// </summary>
internal static class OriginalLayout
{
    public static MllmConfig Read(ConfigJson root, string name, string directory, string? visionTowerDirectory, int? tokenizerVocabSize)
    {
        var projector = root.String("mm_projector_type", "linear");
        if (projector != "mlp2x_gelu") throw root.Error("mm_projector_type", $"is '{projector}', but only LLaVA-1.5's mlp2x_gelu is supported");
        var select = root.String("mm_vision_select_feature", "patch");
        var strategy = select switch
        {
            "patch" => "default",
            "cls_patch" => "full",
            _ => throw root.Error("mm_vision_select_feature", $"is '{select}', expected 'patch' or 'cls_patch'"),
        };
        HfLlavaConfig.RequireUntied(root);
        var vision = ReadVisionTower(root, directory, visionTowerDirectory);
        if (root.OptionalInt("mm_hidden_size") is { } mmHidden && mmHidden != vision.HiddenSize)
            throw root.Error("mm_hidden_size", $"is {mmHidden}, but the vision tower's hidden_size is {vision.HiddenSize}");
        if (!root.Has("mm_vision_select_layer")) throw root.Error("mm_vision_select_layer", "is missing");
        return new MllmConfig(
            name,
            vision,
            HfLlavaConfig.ReadText(root),
            ProjectorType: projector,
            VisionFeatureLayer: root.Int("mm_vision_select_layer"),
            ImageTokenId: TransformersDefaults.OriginalImageTokenIndex,
            PadTokenId: root.OptionalTokenId("pad_token_id"),
            BosTokenId: root.OptionalTokenId("bos_token_id") ?? TransformersDefaults.Llama.BosTokenId,
            EosTokenId: root.OptionalTokenId("eos_token_id") ?? TransformersDefaults.Llama.EosTokenId,
            UnknownTokenId: root.OptionalTokenId("unk_token_id") ?? TransformersDefaults.LlamaUnknownTokenId,
            VisionFeatureSelectStrategy: strategy,
            ProjectorHiddenAct: Activations.Gelu,
            TokenizerVocabSize: tokenizerVocabSize,
            TorchDtype: HfLlavaConfig.Dtype(root, "torch_dtype", TorchDtypes.Float32),
            ImageAspectRatio: root.OptionalString("image_aspect_ratio"));
    }

    public static JsonObject ToJson(MllmConfig config, string visionTower)
    {
        var json = new JsonObject
        {
            ["_name_or_path"] = config.Name,
            ["architectures"] = new JsonArray("LlavaLlamaForCausalLM"),
            ["model_type"] = "llava",
            ["pad_token_id"] = config.PadTokenId,
            ["torch_dtype"] = config.TorchDtype,
            ["mm_vision_tower"] = visionTower,
            ["mm_hidden_size"] = config.Vision.HiddenSize,
            ["mm_projector_type"] = config.ProjectorType,
            ["mm_vision_select_layer"] = config.VisionFeatureLayer,
            ["mm_vision_select_feature"] = config.KeepsClassFeature ? "cls_patch" : "patch",
            ["mm_use_im_start_end"] = false,
            ["mm_use_im_patch_token"] = false,
        };
        if (config.ImageAspectRatio is { } aspect) json["image_aspect_ratio"] = aspect;
        HfLlavaConfig.AddTextFields(json, config);
        return json;
    }

    /// <summary>A CLIPConfig as openai/clip-vit-large-patch14-336 ships it (only the vision half is read back).</summary>
    public static JsonObject ClipJson(VisionConfig vision) => new()
    {
        ["architectures"] = new JsonArray("CLIPModel"),
        ["model_type"] = "clip",
        ["vision_config"] = HfLlavaConfig.VisionJson(vision),
    };

    private static VisionConfig ReadVisionTower(ConfigJson root, string directory, string? visionTowerDirectory)
    {
        var tower = root.OptionalString("mm_vision_tower") ?? throw root.Error("mm_vision_tower", "is missing");
        var towerDirectory = visionTowerDirectory ?? Path.Combine(directory, tower);
        var file = Path.Combine(towerDirectory, HfLlavaConfig.FileName);
        if (!File.Exists(file))
            throw root.Error("mm_vision_tower", $"names '{tower}', which is not a local directory with a {HfLlavaConfig.FileName} ({file} not found): pass the CLIP directory");
        var clip = ConfigJson.Load(file);
        return HfLlavaConfig.ReadVision(clip.Object("vision_config") ?? clip);
    }
}
