namespace LoRASculpt.Training.Conversations;

/// <summary>How the image placeholder is laid out and how long a tokenized conversation may be.</summary>
/// <param name="ImageSequenceLength">Positions the image takes in the model's sequence: the vision tower's
/// token count (576 for CLIP ViT-L/14 at 336 px), or 1 when only the placeholder counts.</param>
/// <param name="ExpandImageIds">Write <see cref="ImageSequenceLength"/> copies of the image id (llava-hf's
/// processor) instead of one placeholder the model expands (the original LLaVA code).</param>
/// <param name="MaxLength">Longest sequence in model positions, images counted at their full length
/// (LLaVA-1.5: model_max_length 2048); null = no limit.</param>
public sealed record ConversationTokenOptions(int ImageSequenceLength = 1, bool ExpandImageIds = false, int? MaxLength = null)
{
    /// <summary>The original LLaVA layout: one placeholder id, no length limit.</summary>
    public static ConversationTokenOptions Default { get; } = new();

    /// <summary>LLaVA-1.5 training as the paper runs it: 576 image positions, model_max_length 2048.</summary>
    public static ConversationTokenOptions Llava15Training(bool expandImageIds) => new(576, expandImageIds, 2048);
}
