using LoRASculpt.Core.Benchmark.Rendering;

namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>text-ocr (OCR-VQA role): read a 3-4 letter word printed with the pixel font in a random colour, its letters aligned to the 8-pixel patch grid.</summary>
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
        // Letters advance (3 + 1) * 2 = 8 pixels, one vision patch each: aligning the word to the patch grid puts every
        // letter in its own patch column, which a tiny ViT can read; random pixel offsets split glyphs across patches and
        // kept the tiny model at the word prior.
        var left = Scene.CellSize * random.Next((BenchmarkData.ImageSize - width) / Scene.CellSize + 1);
        var top = Scene.CellSize * random.Next((BenchmarkData.ImageSize - height) / Scene.CellSize + 1);
        canvas.DrawText(word, left, top, Scale, colour.Jitter(random, 0.06f));
        var question = random.Next(2) == 0 ? "what word is written in the image ?" : "what does the text say ?";
        return new GeneratedItem(canvas.Pixels, question, word, [word]);
    }
}
