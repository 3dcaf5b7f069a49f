using System.Runtime.InteropServices;
using System.Text.Json;
using LoRASculpt.Training.Images;

namespace LoRASculpt.Training.Tests.Images;

/// <summary>
/// The committed test images and the outputs PIL 9.4 / the transformers pipeline produced for them
/// (written by Fixtures/images/make_fixtures.py; cases.json lists them).
/// </summary>
internal static class ImageFixtures
{
    private static readonly Lazy<JsonDocument> manifest = new(() => JsonDocument.Parse(File.ReadAllText(PathOf("cases.json"))));

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "images");

    public static string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>What PIL's Image.open(file).convert("RGB") gave.</summary>
    public static RgbImage PilDecoded(string file)
    {
        var entry = Manifest.RootElement.GetProperty("decoded").EnumerateArray().Single(e => e.GetProperty("file").GetString() == file);
        return new RgbImage(entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32(),
            File.ReadAllBytes(PathOf(Path.Combine("decoded", file + ".rgb"))));
    }

    public static IEnumerable<string> DecodedFiles =>
        Manifest.RootElement.GetProperty("decoded").EnumerateArray().Select(e => e.GetProperty("file").GetString()!);

    public static IEnumerable<string> CaseNames =>
        Manifest.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.GetProperty("name").GetString()!);

    public static PreprocessCase Case(string name)
    {
        var e = Manifest.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var resized = e.GetProperty("resized").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var pixels = e.GetProperty("pixels").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var floats = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(PathOf(Path.Combine("golden", name + ".pixels.f32")))).ToArray();
        return new PreprocessCase(
            e.GetProperty("image").GetString()!,
            e.GetProperty("options").GetRawText(),
            new RgbImage(resized[1], resized[0], File.ReadAllBytes(PathOf(Path.Combine("golden", name + ".resized.u8")))),
            new ClipPixelValues(pixels[1], pixels[2], floats));
    }

    private static JsonDocument Manifest => manifest.Value;
}

/// <summary>One preprocessing case: the image file, its options JSON, and PIL/transformers' outputs.</summary>
internal sealed record PreprocessCase(string Image, string OptionsJson, RgbImage ExpectedResized, ClipPixelValues ExpectedPixels);
