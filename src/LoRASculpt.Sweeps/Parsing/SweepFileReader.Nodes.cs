using YamlDotNet.RepresentationModel;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>Node helpers shared by every part: lists of names, scalars, and errors that point at a line.</summary>
internal sealed partial class SweepFileReader
{
    private List<(string Text, YamlNode Node, string Path)>? NameList(YamlNode node, string path, string what, bool lowerCase = false)
    {
        IReadOnlyList<(YamlNode Node, string Path)> items = node switch
        {
            YamlSequenceNode sequence => sequence.Children.Select((child, i) => (child, $"{path}[{i}]")).ToArray(),
            YamlScalarNode when !YamlNodes.IsNull(node) => [(node, path)],
            _ => [],
        };
        if (items.Count == 0)
        {
            Error(node, path, $"must list at least one {what}");
            return null;
        }

        var result = new List<(string, YamlNode, string)>();
        var ok = true;
        foreach (var (itemNode, itemPath) in items)
        {
            var text = Scalar(itemNode, itemPath);
            if (text is null)
            {
                ok = false;
                continue;
            }

            text = lowerCase ? text.ToLowerInvariant() : text;
            var earlier = result.FindIndex(r => r.Item1 == text);
            if (earlier >= 0)
            {
                Error(itemNode, itemPath, $"duplicate {what} '{text}' (also {result[earlier].Item3})");
                ok = false;
                continue;
            }

            result.Add((text, itemNode, itemPath));
        }

        return ok ? result : null;
    }

    /// <summary>The trimmed text of a non-empty scalar, or an error naming what was found instead.</summary>
    private string? Scalar(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && !YamlNodes.IsNull(node) && scalar.Value!.Trim().Length > 0)
        {
            return scalar.Value.Trim();
        }

        Error(node, path, YamlNodes.IsNull(node) ? "empty value" : $"expected a single value, found {YamlNodes.KindName(node)}");
        return null;
    }

    private void Error(YamlNode node, string path, string message) =>
        _errors.Add(new SweepError(path, message, YamlNodes.Line(node), YamlNodes.Column(node)));

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
