using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoRASculpt.Core.Models.HuggingFace;

/// <summary>
/// Reads and writes a LLaVA-1.5 checkpoint's config.json as an <see cref="MllmConfig"/>, in either layout:
/// <list type="bullet">
/// <item>llava-hf (transformers LlavaForConditionalGeneration, model_type "llava"): text_config (LlamaConfig),
///   vision_config (CLIPVisionConfig), image_token_index, vision_feature_layer, vision_feature_select_strategy;</item>
/// <item>original LLaVA (architectures LlavaLlamaForCausalLM): LLaMA fields at the top level plus mm_* fields, the
///   vision tower in a separate CLIP directory (mm_vision_tower) and the image placeholder id -200.</item>
/// </list>
/// Omitted fields take transformers' defaults (<see cref="TransformersDefaults"/>). The tokenizer's size is not part
/// of config.json: pass it when the embedding is padded (llava-hf: 32002 tokens, 32064 rows).
/// </summary>
public static class HfLlavaConfig
{
    public const string FileName = "config.json";

    /// <summary>
    /// Reads <paramref name="directory"/>/config.json in whichever layout it is. For the original layout the CLIP
    /// config comes from <paramref name="visionTowerDirectory"/>, else from mm_vision_tower when that is a local directory.
    /// </summary>
    public static MllmConfig Read(string directory, string? visionTowerDirectory = null, int? tokenizerVocabSize = null)
    {
        var root = ConfigJson.Load(Path.Combine(directory, FileName));
        var name = root.OptionalString("_name_or_path") is { Length: > 0 } n ? n : Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var config = IsOriginalLayout(root)
            ? OriginalLayout.Read(root, name, directory, visionTowerDirectory, tokenizerVocabSize)
            : LlavaHfLayout.Read(root, name, tokenizerVocabSize);
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{root.File}: {e.Message}", e);
        }
        return config;
    }

    /// <summary>Writes <paramref name="directory"/>/config.json in the llava-hf layout (every field named, nothing left to defaults).</summary>
    public static void WriteLlavaHf(MllmConfig config, string directory) =>
        Write(Path.Combine(directory, FileName), LlavaHfLayout.ToJson(config));

    /// <summary>
    /// Writes the original layout: <paramref name="directory"/>/config.json (LLaMA + mm_* fields, mm_vision_tower
    /// naming <paramref name="visionTowerDirectory"/> relative to it) and a CLIPConfig in <paramref name="visionTowerDirectory"/>.
    /// The original code fixes the image placeholder at -200, so the config's ImageTokenId must be -200.
    /// </summary>
    public static void WriteOriginal(MllmConfig config, string directory, string visionTowerDirectory)
    {
        if (config.ImageTokenId != TransformersDefaults.OriginalImageTokenIndex)
            throw new ArgumentException($"The original LLaVA layout uses image token id {TransformersDefaults.OriginalImageTokenIndex}, not {config.ImageTokenId}.", nameof(config));
        var tower = Path.GetRelativePath(Path.GetFullPath(directory), Path.GetFullPath(visionTowerDirectory));
        Write(Path.Combine(directory, FileName), OriginalLayout.ToJson(config, tower));
        Write(Path.Combine(visionTowerDirectory, FileName), OriginalLayout.ClipJson(config.Vision));
    }

    private static bool IsOriginalLayout(ConfigJson root) =>
        root.Has("mm_vision_tower") || root.Strings("architectures").Contains("LlavaLlamaForCausalLM");

    private static void Write(string file, JsonObject json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>CLIPVisionConfig fields, with CLIPVisionConfig's defaults for absent ones.</summary>
    internal static VisionConfig ReadVision(ConfigJson v)
    {
        return new VisionConfig(
            ImageSize: v.Int("image_size", TransformersDefaults.ClipVision.ImageSize),
            PatchSize: v.Int("patch_size", TransformersDefaults.ClipVision.PatchSize),
            NumChannels: v.Int("num_channels", TransformersDefaults.ClipVision.NumChannels),
            HiddenSize: v.Int("hidden_size", TransformersDefaults.ClipVision.HiddenSize),
            NumLayers: v.Int("num_hidden_layers", TransformersDefaults.ClipVision.NumHiddenLayers),
            NumHeads: v.Int("num_attention_heads", TransformersDefaults.ClipVision.NumAttentionHeads),
            IntermediateSize: v.Int("intermediate_size", TransformersDefaults.ClipVision.IntermediateSize),
            LayerNormEps: v.Double("layer_norm_eps", TransformersDefaults.ClipVision.LayerNormEps),
            HiddenAct: Activation(v, "hidden_act", TransformersDefaults.ClipVision.HiddenAct));
    }

    /// <summary>LlamaConfig fields, with LlamaConfig's defaults for absent ones.</summary>
    internal static TextConfig ReadText(ConfigJson t)
    {
        if (t.Has("rope_scaling") && t.Object("rope_scaling") is not null)
            throw t.Error("rope_scaling", "is not supported (only plain rotary embeddings)");
        var heads = t.Int("num_attention_heads", TransformersDefaults.Llama.NumAttentionHeads);
        return new TextConfig(
            VocabSize: t.Int("vocab_size", TransformersDefaults.Llama.VocabSize),
            HiddenSize: t.Int("hidden_size", TransformersDefaults.Llama.HiddenSize),
            IntermediateSize: t.Int("intermediate_size", TransformersDefaults.Llama.IntermediateSize),
            NumLayers: t.Int("num_hidden_layers", TransformersDefaults.Llama.NumHiddenLayers),
            NumHeads: heads,
            NumKeyValueHeads: t.Int("num_key_value_heads", heads),
            RopeTheta: t.Double("rope_theta", TransformersDefaults.Llama.RopeTheta),
            MaxPositionEmbeddings: t.Int("max_position_embeddings", TransformersDefaults.Llama.MaxPositionEmbeddings),
            RmsNormEps: t.Double("rms_norm_eps", TransformersDefaults.Llama.RmsNormEps),
            HiddenAct: Activation(t, "hidden_act", TransformersDefaults.Llama.HiddenAct));
    }

    internal static string Activation(ConfigJson json, string key, string defaultValue)
    {
        var name = json.String(key, defaultValue);
        return Activations.IsKnown(name) ? name : throw json.Error(key, $"names an unsupported activation '{name}' (supported: {string.Join(", ", Activations.Names)})");
    }

    internal static string Dtype(ConfigJson json, string key, string defaultValue)
    {
        var name = json.String(key, defaultValue);
        return TorchDtypes.IsKnown(name) ? name : throw json.Error(key, $"names an unsupported dtype '{name}' (supported: {string.Join(", ", TorchDtypes.Names)})");
    }

    internal static void RequireUntied(ConfigJson json)
    {
        if (json.Bool("tie_word_embeddings", false))
            throw json.Error("tie_word_embeddings", "is true, but LLaVA-1.5 has a separate lm_head (tied embeddings are not supported)");
    }

    internal static JsonObject VisionJson(VisionConfig v) => new()
    {
        ["hidden_act"] = v.HiddenAct,
        ["hidden_size"] = v.HiddenSize,
        ["image_size"] = v.ImageSize,
        ["intermediate_size"] = v.IntermediateSize,
        ["layer_norm_eps"] = v.LayerNormEps,
        ["model_type"] = "clip_vision_model",
        ["num_attention_heads"] = v.NumHeads,
        ["num_channels"] = v.NumChannels,
        ["num_hidden_layers"] = v.NumLayers,
        ["patch_size"] = v.PatchSize,
    };

    /// <summary>LlamaConfig fields (written at the top level in the original layout, as text_config in llava-hf).</summary>
    internal static void AddTextFields(JsonObject json, MllmConfig config)
    {
        var t = config.Text;
        json["hidden_act"] = t.HiddenAct;
        json["hidden_size"] = t.HiddenSize;
        json["intermediate_size"] = t.IntermediateSize;
        json["max_position_embeddings"] = t.MaxPositionEmbeddings;
        json["num_attention_heads"] = t.NumHeads;
        json["num_hidden_layers"] = t.NumLayers;
        json["num_key_value_heads"] = t.NumKeyValueHeads;
        json["rms_norm_eps"] = t.RmsNormEps;
        json["rope_theta"] = t.RopeTheta;
        json["vocab_size"] = t.VocabSize;
        json["bos_token_id"] = config.BosTokenId;
        json["eos_token_id"] = config.EosTokenId;
        // Not a LlamaConfig field (the tokenizer knows it); kept so a written config reads back unchanged.
        json["unk_token_id"] = config.UnknownTokenId;
        json["tie_word_embeddings"] = false;
    }
}
