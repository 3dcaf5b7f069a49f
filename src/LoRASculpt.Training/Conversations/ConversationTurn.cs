namespace LoRASculpt.Training.Conversations;

/// <summary>
/// One round of a conversation: the human's message and the assistant's answer. Text only: the image
/// placeholder is not part of <see cref="Human"/>; the template puts it in front of the first message.
/// </summary>
public sealed record ConversationTurn(string Human, string Assistant);
