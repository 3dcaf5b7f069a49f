using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Safetensors;

namespace LoRASculpt.Cli.Commands.Model;

/// <summary>
/// Every checkpoint key set against the weights the model built from config.json expects, mapped as
/// <see cref="CheckpointLoader"/> maps them (<see cref="CheckpointKeyMap"/>): what would be loaded, and by name what
/// is missing (model names), unexpected (checkpoint names), misshapen or supplied twice. Ignored keys (buffers, a
/// CLIP model's text half) are counted, not checked.
/// </summary>
public sealed record KeyCheck(
    int Expected,
    int Matched,
    int Ignored,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<string> Misshapen,
    IReadOnlyList<string> Duplicated)
{
    public bool Ok => Missing.Count == 0 && Unexpected.Count == 0 && Misshapen.Count == 0 && Duplicated.Count == 0;

    /// <summary>A stored tensor, the layout its checkpoint was read with, and its key in our model (null when ignored or unmapped).</summary>
    public sealed record Source(SafetensorsTensorInfo Info, string Directory, CheckpointLayout Layout, string? ModelKey, bool IsIgnored);

    /// <param name="sources">Every tensor of the main checkpoint and of the separate CLIP directory, if any.</param>
    /// <param name="expected">The model's weight shapes by its (llava-hf) keys.</param>
    public static KeyCheck Compare(IReadOnlyList<Source> sources, IReadOnlyDictionary<string, long[]> expected)
    {
        var byModelKey = new Dictionary<string, Source>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        var duplicated = new List<string>();
        foreach (var source in sources.Where(s => !s.IsIgnored))
        {
            if (source.ModelKey is null || !expected.ContainsKey(source.ModelKey))
                unexpected.Add(source.Info.Name);
            else if (byModelKey.TryGetValue(source.ModelKey, out var first))
                duplicated.Add($"{source.ModelKey}: '{first.Info.Name}' in '{first.Directory}' and '{source.Info.Name}' in '{source.Directory}'");
            else
                byModelKey[source.ModelKey] = source;
        }
        var missing = expected.Keys.Where(k => !byModelKey.ContainsKey(k)).ToList();
        var misshapen = byModelKey
            .Where(p => !p.Value.Info.Shape.SequenceEqual(expected[p.Key]))
            .Select(p => $"{p.Key}: checkpoint {p.Value.Info.ShapeText} vs model [{string.Join(", ", expected[p.Key])}]")
            .ToList();
        return new KeyCheck(
            expected.Count,
            byModelKey.Count - misshapen.Count,
            sources.Count(s => s.IsIgnored),
            Sorted(missing),
            Sorted(unexpected),
            Sorted(misshapen),
            Sorted(duplicated));
    }

    private static List<string> Sorted(List<string> names)
    {
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
