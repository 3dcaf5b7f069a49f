using LoRASculpt.Training.Data;

namespace LoRASculpt.Training.Conversations;

/// <summary>
/// Token ids of a conversation and their next-token labels (aligned: label[t] is the id at t or
/// <see cref="MllmBatch.IgnoreIndex"/>; the model shifts them). Only assistant answers and their EOS are labelled.
/// </summary>
/// <param name="SequenceLength">Positions in the model's sequence, an unexpanded image counted at its full length.</param>
/// <param name="Truncated">True when the conversation was cut to the maximum length.</param>
public sealed record TokenizedConversation(int[] InputIds, long[] Labels, int SequenceLength, bool Truncated)
{
    public int SupervisedCount => Labels.Count(l => l != MllmBatch.IgnoreIndex);
}
