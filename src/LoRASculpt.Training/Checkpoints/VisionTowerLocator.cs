using System.Text.Json;
using LoRASculpt.Core.Models.HuggingFace;

namespace LoRASculpt.Training.Checkpoints;

/// <summary>
/// Where an original-layout checkpoint's CLIP tower is (the release names it by hub id, mm_vision_tower:
/// openai/clip-vit-large-patch14-336): that value as a path, then a sibling or a child folder named after the id's
/// last segment. Null for layouts that carry their tower.
/// </summary>
public static class VisionTowerLocator
{
    /// <exception cref="DirectoryNotFoundException">mm_vision_tower is set but no candidate folder has a config.json (the message lists them).</exception>
    public static string? Find(string directory)
    {
        var configPath = Path.Combine(directory, HfLlavaConfig.FileName);
        if (!File.Exists(configPath)) return null;
        using var json = JsonDocument.Parse(File.ReadAllBytes(configPath));
        if (json.RootElement.ValueKind != JsonValueKind.Object
            || !json.RootElement.TryGetProperty("mm_vision_tower", out var tower)
            || tower.ValueKind != JsonValueKind.String)
            return null;
        var id = tower.GetString()!;
        var name = id.TrimEnd('/').Split('/')[^1];
        string[] candidates = [Path.GetFullPath(id, directory), Path.Combine(Path.GetDirectoryName(directory)!, name), Path.Combine(directory, name)];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, HfLlavaConfig.FileName)))
            ?? throw new DirectoryNotFoundException(
                $"{configPath}: mm_vision_tower '{id}' was not found locally; download it and place it at one of: {string.Join(", ", candidates.Distinct())}; or name the folder explicitly (--vision-tower).");
    }
}
