using LoRASculpt.Training.Conversations;

namespace LoRASculpt.Training.Datasets;

/// <summary>
/// One training example: its turns (the &lt;image&gt; placeholder already taken out, as LLaVA's
/// preprocess_multimodal does before the template puts it in front of the first message) and the image's path.
/// </summary>
/// <param name="ImagePath">Absolute path of the image, or null for a text-only example.</param>
public sealed record TrainingConversation(string Id, string? ImagePath, IReadOnlyList<ConversationTurn> Turns)
{
    public bool HasImage => ImagePath is not null;
}
