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
    double LayerNormEps = 1e-5)
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
    double RmsNormEps)
{
    public int HeadDim => HiddenSize / NumHeads;
}

/// <summary>
/// Shape of a LLaVA-1.5-style MLLM: vision tower, connector ("mlp2x_gelu") and LLaMA decoder.
/// <see cref="VisionFeatureLayer"/> follows LLaVA: -2 takes the penultimate encoder layer's patch
/// features (the class token is dropped, "default" feature select strategy).
/// </summary>
public sealed record MllmConfig(
    string Name,
    VisionConfig Vision,
    TextConfig Text,
    string ProjectorType = "mlp2x_gelu",
    int VisionFeatureLayer = -2)
{
    /// <summary>Image features inserted at the &lt;image&gt; token: one per patch.</summary>
    public int ImageTokenCount => Vision.NumPatches;

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
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(hash)[..16];
    }
}
