using LoRASculpt.Training.Data;

namespace LoRASculpt.Training.Conversations;

/// <summary>
/// Lays segments out as ids and labels: expands the image placeholder when asked, and truncates to the maximum
/// length counting an image at its full length. A cut that would fall inside an image drops the whole image
/// (and everything after it): half an image is not something the model was trained to see.
/// </summary>
internal static class SegmentAssembler
{
    public static TokenizedConversation Assemble(IReadOnlyList<TokenSegment> segments, ConversationTokenOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ImageSequenceLength, 1);
        if (options.MaxLength is { } limit)
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        var ids = new List<int>();
        var labels = new List<long>();
        var position = 0;
        var truncated = false;
        foreach (var segment in segments)
        {
            var length = segment.IsImage ? options.ImageSequenceLength : segment.Ids.Length;
            var room = options.MaxLength is { } max ? max - position : int.MaxValue;
            if (length > room)
            {
                truncated = true;
                if (!segment.IsImage)
                    Append(ids, labels, segment.Ids.AsSpan(0, room), segment.Supervised);
                position += segment.IsImage ? 0 : room;
                break;
            }
            if (segment.IsImage)
            {
                var copies = options.ExpandImageIds ? options.ImageSequenceLength : 1;
                Append(ids, labels, Enumerable.Repeat(segment.Ids[0], copies).ToArray(), supervised: false);
            }
            else
            {
                Append(ids, labels, segment.Ids, segment.Supervised);
            }
            position += length;
        }
        return new TokenizedConversation(ids.ToArray(), labels.ToArray(), position, truncated);
    }

    private static void Append(List<int> ids, List<long> labels, ReadOnlySpan<int> span, bool supervised)
    {
        foreach (var id in span)
        {
            ids.Add(id);
            labels.Add(supervised ? id : MllmBatch.IgnoreIndex);
        }
    }
}
