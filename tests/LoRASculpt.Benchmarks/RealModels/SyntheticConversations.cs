using System.Globalization;
using LoRASculpt.Cli.Tests.Model;
using LoRASculpt.Training.Conversations;
using LoRASculpt.Training.Datasets;
using LoRASculpt.Training.Images;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>
/// LLaVA-style single-turn training conversations, each with its own PNG (non-square, so CLIP preprocessing pads and
/// resizes as it does for real photos), written into a folder. Sizes and wording vary a little so batches need padding.
/// </summary>
internal static class SyntheticConversations
{
    private static readonly string[] Colours = ["red", "green", "blue", "yellow", "purple", "orange", "white", "black"];

    public static IReadOnlyList<TrainingConversation> Write(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        var items = new List<TrainingConversation>(count);
        for (var i = 0; i < count; i++)
        {
            var (width, height) = (320 + 16 * (i % 5), 240 + 24 * (i % 3));
            var path = Path.Combine(directory, $"image-{i:D3}.png");
            TestPng.Write(path, new RgbImage(width, height, Gradient(width, height, i)));
            var colour = Colours[i % Colours.Length];
            var question = i % 2 == 0
                ? "What is the main colour of the shape in this picture?"
                : "Describe the picture in one short sentence, then name the colour of the shape.";
            var answer = string.Format(CultureInfo.InvariantCulture,
                "The picture shows a {0} shape on a plain background, number {1}.", colour, i);
            items.Add(new TrainingConversation($"bench-{i:D3}", path, [new ConversationTurn(question, answer)]));
        }
        return items;
    }

    /// <summary>A smooth two-colour gradient that differs per image, so the images are not identical.</summary>
    private static byte[] Gradient(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var o = (y * width + x) * 3;
            pixels[o] = (byte)((x * 255 / width + seed * 37) % 256);
            pixels[o + 1] = (byte)((y * 255 / height + seed * 59) % 256);
            pixels[o + 2] = (byte)((x + y + seed * 11) % 256);
        }
        return pixels;
    }
}
