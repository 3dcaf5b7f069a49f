using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoRASculpt.Core.Models;

/// <summary>CLIP-style ViT vision tower sizes (Hugging Face CLIPVisionConfig names).</summary>
public sealed record VisionConfig(
    int ImageSize,
    int PatchSize,
    int NumChannels,
    int HiddenSize,
    int NumLayers,
    int NumHeads,
    int IntermediateSize,
    double LayerNormEps = 1e-5,
    string HiddenAct = "quick_gelu")
{
    public int PatchesPerSide => ImageSize / PatchSize;

    public int NumPatches => PatchesPerSide * PatchesPerSide;
}

/// <summary>LLaMA-style decoder sizes (Hugging Face LlamaConfig names).</summary>
public sealed record TextConfig(
    int VocabSize,
    int HiddenSize,
    int IntermediateSize,
    int NumLayers,
    int NumHeads,
    int NumKeyValueHeads,
    double RopeTheta,
    int MaxPositionEmbeddings,
    double RmsNormEps,
    string HiddenAct = "silu")
{
    public int HeadDim => HiddenSize / NumHeads;
}

/// <summary>
/// Shape of a LLaVA-1.5-style MLLM: vision tower, connector ("mlp2x_gelu") and LLaMA decoder.
/// <see cref="VisionFeatureLayer"/> follows LLaVA: -2 takes the penultimate encoder layer's features;
/// <see cref="VisionFeatureSelectStrategy"/> "default" drops the class token, "full" keeps it.
/// Token ids default to the built-in word tokenizer's (pad 0, bos 1, eos 2, image 3, unk 4); a Hugging Face
/// checkpoint brings its own. The image id may lie outside the embedding (-200 in the original LLaVA layout).
/// <see cref="TokenizerVocabSize"/> is the tokenizer's real size when the embedding is padded (llava-hf pads
/// 32002 to 32064); null means every embedding row is a real token. <see cref="ImageAspectRatio"/> is the original
/// layout's image preprocessing ("pad": pad to a square first); it changes no weight, so it is not hashed.
/// </summary>
public sealed record MllmConfig(
    string Name,
    VisionConfig Vision,
    TextConfig Text,
    string ProjectorType = "mlp2x_gelu",
    int VisionFeatureLayer = -2,
    int ImageTokenId = MllmConfig.DefaultImageTokenId,
    int? PadTokenId = MllmConfig.DefaultPadTokenId,
    int? BosTokenId = MllmConfig.DefaultBosTokenId,
    int? EosTokenId = MllmConfig.DefaultEosTokenId,
    int? UnknownTokenId = MllmConfig.DefaultUnknownTokenId,
    string VisionFeatureSelectStrategy = "default",
    string ProjectorHiddenAct = "gelu",
    int? TokenizerVocabSize = null,
    string TorchDtype = "float32",
    string? ImageAspectRatio = null)
{
    public const int DefaultPadTokenId = 0;
    public const int DefaultBosTokenId = 1;
    public const int DefaultEosTokenId = 2;
    public const int DefaultImageTokenId = 3;
    public const int DefaultUnknownTokenId = 4;

    /// <summary>Logits and generation cover ids [0, RealVocabSize): padding rows of the embedding are never predicted.</summary>
    public int RealVocabSize => TokenizerVocabSize ?? Text.VocabSize;

    /// <summary>True when the vision feature select strategy keeps the class token ("full").</summary>
    public bool KeepsClassFeature => VisionFeatureSelectStrategy == "full";

    /// <summary>Image features inserted at the &lt;image&gt; token: one per patch, plus the class token under "full".</summary>
    public int ImageTokenCount => Vision.NumPatches + (KeepsClassFeature ? 1 : 0);

    /// <summary>
    /// Index into the encoder's hidden states (0 = embeddings after pre_layrnorm, i = output of layer i)
    /// that LLaVA feeds to the projector.
    /// </summary>
    public int FeatureHiddenStateIndex =>
        VisionFeatureLayer < 0 ? Vision.NumLayers + 1 + VisionFeatureLayer : VisionFeatureLayer;

    /// <summary>Checks that the sizes are consistent; throws naming the first bad field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }

        Require(Vision.ImageSize > 0 && Vision.PatchSize > 0 && Vision.ImageSize % Vision.PatchSize == 0, "Vision.ImageSize must be a positive multiple of Vision.PatchSize.");
        Require(Vision.NumChannels > 0, "Vision.NumChannels must be positive.");
        Require(Vision.NumLayers > 0 && Vision.NumHeads > 0 && Vision.HiddenSize % Vision.NumHeads == 0, "Vision.HiddenSize must be divisible by Vision.NumHeads.");
        Require(Vision.IntermediateSize > 0, "Vision.IntermediateSize must be positive.");
        Require(Text.VocabSize > 0 && Text.NumLayers > 0 && Text.IntermediateSize > 0, "Text sizes must be positive.");
        Require(Text.NumHeads > 0 && Text.HiddenSize % Text.NumHeads == 0, "Text.HiddenSize must be divisible by Text.NumHeads.");
        Require(Text.HeadDim % 2 == 0, "Text head dimension must be even for rotary embeddings.");
        Require(Text.NumKeyValueHeads > 0 && Text.NumHeads % Text.NumKeyValueHeads == 0, "Text.NumHeads must be a multiple of Text.NumKeyValueHeads.");
        Require(ProjectorType == "mlp2x_gelu", $"Unsupported projector type '{ProjectorType}' (only mlp2x_gelu).");
        Require(FeatureHiddenStateIndex >= 1 && FeatureHiddenStateIndex <= Vision.NumLayers, "VisionFeatureLayer must select an encoder layer.");
        Require(VisionFeatureSelectStrategy is "default" or "full", $"Unsupported vision_feature_select_strategy '{VisionFeatureSelectStrategy}' (default or full).");
        Require(Activations.IsKnown(Vision.HiddenAct), $"Unsupported Vision.HiddenAct '{Vision.HiddenAct}' ({string.Join(", ", Activations.Names)}).");
        Require(Activations.IsKnown(Text.HiddenAct), $"Unsupported Text.HiddenAct '{Text.HiddenAct}' ({string.Join(", ", Activations.Names)}).");
        Require(Activations.IsKnown(ProjectorHiddenAct), $"Unsupported ProjectorHiddenAct '{ProjectorHiddenAct}' ({string.Join(", ", Activations.Names)}).");
        Require(TokenizerVocabSize is null || (TokenizerVocabSize > 0 && TokenizerVocabSize <= Text.VocabSize), "TokenizerVocabSize must lie in 1..Text.VocabSize.");
        Require(EosTokenId is null || (EosTokenId >= 0 && EosTokenId < RealVocabSize), "EosTokenId must be a real vocabulary id.");
        Require(TorchDtypes.IsKnown(TorchDtype), $"Unsupported TorchDtype '{TorchDtype}' ({string.Join(", ", TorchDtypes.Names)}).");
    }

    /// <summary>
    /// Stable content hash of every size (not the display name), used to key saved base models:
    /// two presets with the same shape share weights, any size change gets a new key.
    /// </summary>
    public string ConfigHash()
    {
        var c = CultureInfo.InvariantCulture;
        var v = Vision;
        var t = Text;
        var canonical = string.Join(";",
            $"vision={v.ImageSize},{v.PatchSize},{v.NumChannels},{v.HiddenSize},{v.NumLayers},{v.NumHeads},{v.IntermediateSize},{v.LayerNormEps.ToString("R", c)}",
            $"text={t.VocabSize},{t.HiddenSize},{t.IntermediateSize},{t.NumLayers},{t.NumHeads},{t.NumKeyValueHeads},{t.RopeTheta.ToString("R", c)},{t.MaxPositionEmbeddings},{t.RmsNormEps.ToString("R", c)}",
            $"projector={ProjectorType}",
            $"feature_layer={VisionFeatureLayer}");
        // Fields added later join the key only when they differ from their defaults, so existing keys stay valid.
        var extras = ExtraHashFields();
        if (extras.Length > 0) canonical += ";" + extras;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(hash)[..16];
    }

    private string ExtraHashFields()
    {
        var fields = new List<string>();
        void Add(string key, object? value, object? defaultValue)
        {
            if (!Equals(value, defaultValue)) fields.Add($"{key}={value?.ToString() ?? "null"}");
        }
        Add("vision_act", Vision.HiddenAct, "quick_gelu");
        Add("text_act", Text.HiddenAct, "silu");
        Add("image_token", ImageTokenId, DefaultImageTokenId);
        Add("pad", PadTokenId, (int?)DefaultPadTokenId);
        Add("bos", BosTokenId, (int?)DefaultBosTokenId);
        Add("eos", EosTokenId, (int?)DefaultEosTokenId);
        Add("unk", UnknownTokenId, (int?)DefaultUnknownTokenId);
        Add("select", VisionFeatureSelectStrategy, "default");
        Add("projector_act", ProjectorHiddenAct, "gelu");
        Add("tokenizer_vocab", TokenizerVocabSize, null);
        Add("dtype", TorchDtype, "float32");
        return string.Join(";", fields);
    }
}
