namespace LoRASculpt.Training.Conversations;

/// <summary>A run of ids that are either all supervised or all not; an image segment is the single placeholder.</summary>
internal readonly record struct TokenSegment(int[] Ids, bool Supervised, bool IsImage)
{
    public static TokenSegment Prompt(int[] ids) => new(ids, false, false);

    public static TokenSegment Answer(int[] ids) => new(ids, true, false);

    public static TokenSegment Image(int imageId) => new([imageId], false, true);
}
