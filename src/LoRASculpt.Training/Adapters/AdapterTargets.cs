using System.Text.RegularExpressions;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// Which <see cref="Model.AdaptableLinear"/> modules of a LLaVA-shaped model are decoder projections
/// and which are the connector, by Hugging Face module names. The vision tower (whose CLIP attention
/// also has q_proj/k_proj/v_proj) is never adapted.
/// </summary>
public static partial class AdapterTargets
{
    /// <summary>The decoder projection kind ("q", ..., "down") of a module name, or null.</summary>
    public static string? DecoderKind(string moduleName)
    {
        if (moduleName.Contains("vision_tower", StringComparison.Ordinal)) return null;
        var match = DecoderProjection().Match(moduleName);
        return match.Success ? match.Groups["kind"].Value : null;
    }

    /// <summary>"linear_1" or "linear_2" for the connector's layers, or null.</summary>
    public static string? ConnectorKind(string moduleName)
    {
        var match = ConnectorLinear().Match(moduleName);
        return match.Success ? match.Groups["kind"].Value : null;
    }

    [GeneratedRegex(@"(^|\.)layers\.\d+\.(self_attn|mlp)\.(?<kind>q|k|v|o|gate|up|down)_proj$")]
    private static partial Regex DecoderProjection();

    [GeneratedRegex(@"(^|\.)multi_modal_projector\.(?<kind>linear_[12])$")]
    private static partial Regex ConnectorLinear();
}
