namespace LoRASculpt.Training.Checkpoints;

/// <summary>Recognises a checkpoint's <see cref="CheckpointLayout"/> from its keys alone (configs differ too much between releases to rely on).</summary>
public static class CheckpointLayoutDetector
{
    // Prefixes only one layout writes. Transformers' "model.language_model." must not be read as the original's "model.*".
    private static readonly (CheckpointLayout Layout, string[] Prefixes)[] Markers =
    [
        (CheckpointLayout.LlavaHf, ["language_model.model.", "language_model.lm_head.", "multi_modal_projector.", "vision_tower.vision_model."]),
        (CheckpointLayout.Transformers, ["model.language_model.", "model.vision_tower.", "model.multi_modal_projector."]),
        (CheckpointLayout.OriginalLlava, ["model.mm_projector.", "model.layers.", "model.embed_tokens."]),
        (CheckpointLayout.Clip, ["vision_model."]),
    ];

    /// <summary>The one layout whose marker prefixes the keys use; an error when none or several match.</summary>
    public static DetectedLayout Detect(IEnumerable<string> keys, string source = "checkpoint")
    {
        var sorted = keys.Order(StringComparer.Ordinal).ToList();
        var matches = new List<DetectedLayout>();
        foreach (var (layout, prefixes) in Markers)
        {
            var deciding = sorted.FirstOrDefault(k => prefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal)));
            if (deciding is not null) matches.Add(new DetectedLayout(layout, deciding));
        }
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new InvalidDataException(
                $"Cannot tell the key layout of {source} ({sorted.Count} keys; expected LLaVA-1.5 keys as llava-hf, transformers >= 4.52 or the original release name them, or a CLIP model's): " +
                $"keys seen include [{string.Join(", ", sorted.Take(5))}]."),
            _ => throw new InvalidDataException(
                $"The keys of {source} mix layouts: {string.Join("; ", matches.Select(m => $"{m.Layout} (key '{m.DecidingKey}')"))}."),
        };
    }
}
