using System.Text.RegularExpressions;

namespace LoRASculpt.Contracts.Execution;

/// <summary>Artifact keys: '/'-separated segments of [A-Za-z0-9._-], no empty, "." or ".." segment.</summary>
public static partial class ArtifactKey
{
    public static string Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > 512)
            throw new ArgumentException($"Artifact key must be 1-512 characters, got {key.Length}.", nameof(key));
        foreach (var segment in key.Split('/'))
        {
            if (segment is "" or "." or ".." || !SegmentPattern().IsMatch(segment))
                throw new ArgumentException($"Artifact key '{key}' has an invalid segment '{segment}': use letters, digits, '.', '_' or '-'.", nameof(key));
        }
        return key;
    }

    public static string Combine(params string[] segments) => Validate(string.Join('/', segments));

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SegmentPattern();
}
