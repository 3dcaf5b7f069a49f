namespace LoRASculpt.Training.Checkpoints;

/// <summary>
/// Renames checkpoint keys to our model's (llava-hf) keys and back, per <see cref="CheckpointLayout"/>, by prefix.
/// Buffers (keys ending in "position_ids" or "inv_freq") and CLIP's unused text half are ignored, not mapped.
/// </summary>
public static class CheckpointKeyMap
{
    private static readonly (string Checkpoint, string Model)[] TransformersRules =
    [
        ("model.vision_tower.", "vision_tower."),
        ("model.multi_modal_projector.", "multi_modal_projector."),
        ("model.language_model.", "language_model.model."),
        ("lm_head.", "language_model.lm_head."),
    ];

    private static readonly (string Checkpoint, string Model)[] OriginalLlavaRules =
    [
        ("model.embed_tokens.", "language_model.model.embed_tokens."),
        ("model.layers.", "language_model.model.layers."),
        ("model.norm.", "language_model.model.norm."),
        ("lm_head.", "language_model.lm_head."),
        ("model.mm_projector.0.", "multi_modal_projector.linear_1."),
        ("model.mm_projector.2.", "multi_modal_projector.linear_2."),
    ];

    private static readonly (string Checkpoint, string Model)[] ClipRules =
    [
        ("vision_model.", "vision_tower.vision_model."),
    ];

    // The text encoder and the contrastive heads of a full CLIPModel: LLaVA never uses them.
    private static readonly string[] ClipUnusedPrefixes = ["text_model.", "text_projection.", "visual_projection."];

    /// <summary>True for checkpoint keys that are skipped on purpose: buffers, and CLIP's text half in a <see cref="CheckpointLayout.Clip"/> checkpoint.</summary>
    public static bool IsIgnored(CheckpointLayout layout, string checkpointKey) =>
        IsBuffer(checkpointKey)
        || (layout == CheckpointLayout.Clip && (checkpointKey == "logit_scale" || ClipUnusedPrefixes.Any(p => checkpointKey.StartsWith(p, StringComparison.Ordinal))));

    /// <summary>Module state entries that are recomputed rather than loaded (rotary inv_freq, CLIP position_ids).</summary>
    public static bool IsBuffer(string key) =>
        key.EndsWith("position_ids", StringComparison.Ordinal) || key.EndsWith("inv_freq", StringComparison.Ordinal);

    /// <summary>Our model's key for a checkpoint key; null when the key is ignored or no rule of the layout covers it.</summary>
    public static string? ToModelKey(CheckpointLayout layout, string checkpointKey)
    {
        if (IsIgnored(layout, checkpointKey)) return null;
        if (layout == CheckpointLayout.LlavaHf) return checkpointKey;
        foreach (var (checkpoint, model) in RulesOf(layout))
            if (checkpointKey.StartsWith(checkpoint, StringComparison.Ordinal))
                return model + checkpointKey[checkpoint.Length..];
        return null;
    }

    /// <summary>
    /// The key a checkpoint of <paramref name="layout"/> stores our <paramref name="modelKey"/> under; null when that layout
    /// does not hold it (an <see cref="CheckpointLayout.OriginalLlava"/> checkpoint has no vision tower; a <see cref="CheckpointLayout.Clip"/> one has only it).
    /// </summary>
    public static string? ToCheckpointKey(CheckpointLayout layout, string modelKey)
    {
        if (layout == CheckpointLayout.LlavaHf) return modelKey;
        foreach (var (checkpoint, model) in RulesOf(layout))
            if (modelKey.StartsWith(model, StringComparison.Ordinal))
                return checkpoint + modelKey[model.Length..];
        return null;
    }

    private static (string Checkpoint, string Model)[] RulesOf(CheckpointLayout layout) => layout switch
    {
        CheckpointLayout.Transformers => TransformersRules,
        CheckpointLayout.OriginalLlava => OriginalLlavaRules,
        CheckpointLayout.Clip => ClipRules,
        _ => [],
    };
}
