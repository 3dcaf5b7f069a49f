namespace LoRASculpt.Core.Benchmark;

/// <summary>The registry of built-in tasks. Names are what sweep files and the CLI accept.</summary>
public static class BenchmarkTasks
{
    public static IReadOnlyList<BenchmarkTask> All { get; } =
    [
        new("shape-vqa", false, MetricKind.VqaAccuracy, "What shape is the object of a given colour? Ten annotator answers with synonyms.", "OKVQA"),
        new("text-ocr", false, MetricKind.ExactMatch, "Read the word printed in the image.", "OCR-VQA"),
        new("spatial-qa", false, MetricKind.ExactMatch, "Where an object is (its quadrant), and relations between two objects (left of, above).", "GQA"),
        new("count-vqa", false, MetricKind.VqaAccuracy, "How many objects of a colour or shape are there?", "TextVQA"),
        new("icon-mc", true, MetricKind.ExactMatch, "Multiple choice about an icon grid, answered with the option's letter.", "IconQA-txt"),
        new("scene-captions", true, MetricKind.CiderD, "Describe the scene in one sentence.", "COCO captions"),
    ];

    public static IReadOnlyList<string> SourceNames { get; } = All.Where(t => !t.IsTarget).Select(t => t.Name).ToArray();

    public static IReadOnlyList<string> TargetNames { get; } = All.Where(t => t.IsTarget).Select(t => t.Name).ToArray();

    public static BenchmarkTask? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    public static BenchmarkTask Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown task '{name}'. Known tasks: {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));
}
