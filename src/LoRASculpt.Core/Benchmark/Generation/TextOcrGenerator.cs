using LoRASculpt.Core.Benchmark.Rendering;

namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>text-ocr (OCR-VQA role): read a 3-4 letter word printed with the pixel font at a random place and colour.</summary>
internal static class TextOcrGenerator
{
    private const int Scale = 2;

    public static GeneratedItem Generate(Random random)
    {
        var word = random.Pick(SceneWords.OcrWords);
        var canvas = new Canvas(BenchmarkData.ImageSize, random, backgroundNoise: 0.12f);
        var width = Canvas.TextWidth(word.Length, Scale);
        var height = PixelFont.Height * Scale;
        var colour = random.Next(SceneWords.Colours.Count + 1) is var c && c == SceneWords.Colours.Count ? SceneWords.White : SceneWords.Colours[c].Value;
        canvas.DrawText(word, random.Next(BenchmarkData.ImageSize - width + 1), random.Next(BenchmarkData.ImageSize - height + 1), Scale, colour.Jitter(random, 0.06f));
        var question = random.Next(2) == 0 ? "what word is written in the image ?" : "what does the text say ?";
        return new GeneratedItem(canvas.Pixels, question, word, [word]);
    }
}
