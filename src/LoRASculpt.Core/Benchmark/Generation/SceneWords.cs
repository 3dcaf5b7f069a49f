using LoRASculpt.Core.Benchmark.Rendering;

namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>The closed set of colours, shapes and their names (canonical word, plural, annotator synonyms).</summary>
public static class SceneWords
{
    public sealed record ColourWord(string Name, Rgb Value, string Synonym);

    public sealed record ShapeWord(ShapeKind Kind, string Name, string Plural, IReadOnlyList<string> Synonyms);

    public static IReadOnlyList<ColourWord> Colours { get; } =
    [
        new("red", new Rgb(0.92f, 0.12f, 0.12f), "crimson"),
        new("green", new Rgb(0.12f, 0.78f, 0.15f), "lime"),
        new("blue", new Rgb(0.15f, 0.30f, 0.98f), "navy"),
        new("yellow", new Rgb(0.95f, 0.90f, 0.10f), "gold"),
        new("purple", new Rgb(0.62f, 0.12f, 0.85f), "violet"),
        new("orange", new Rgb(1.00f, 0.55f, 0.05f), "amber"),
    ];

    public static IReadOnlyList<ShapeWord> Shapes { get; } =
    [
        new(ShapeKind.Square, "square", "squares", ["box", "block"]),
        new(ShapeKind.Circle, "circle", "circles", ["round", "disc", "ball"]),
        new(ShapeKind.Triangle, "triangle", "triangles", ["pyramid", "wedge"]),
        new(ShapeKind.Cross, "cross", "crosses", ["plus", "x"]),
    ];

    /// <summary>Colour used for rendered words (white text is also allowed there).</summary>
    public static Rgb White { get; } = new(0.95f, 0.95f, 0.95f);

    /// <summary>Words printed by the OCR task: 3-4 letters so they fit a 32-pixel image at scale 2.</summary>
    public static IReadOnlyList<string> OcrWords { get; } =
    [
        "cat", "dog", "sun", "sky", "car", "bus", "map", "cup", "pen", "hat", "fox", "owl", "bee", "egg", "jam", "key",
        "pig", "toy", "van", "zoo", "bird", "fish", "frog", "lamp", "milk", "rose", "ship", "star", "tree", "wind", "moon", "king",
    ];

    /// <summary>Digits used as count answers (the metric's normaliser maps number words to digits too).</summary>
    public static IReadOnlyList<string> Digits { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static IReadOnlyList<string> NumberWords { get; } = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>Option letters of the multiple-choice target task.</summary>
    public static IReadOnlyList<string> OptionLetters { get; } = ["A", "B", "C", "D"];
}
