using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>Small helpers over YamlDotNet's node tree: plain nulls, positions and kind names for messages.</summary>
internal static class YamlNodes
{
    /// <summary>A YAML null: an empty plain scalar, "~" or "null" (quoted "null" is a string).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar &&
        (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public static int Column(YamlNode node) => (int)node.Start.Column;

    public static string KindName(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "an empty value",
        _ => "a single value",
    };
}
