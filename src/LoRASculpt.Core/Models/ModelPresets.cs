namespace LoRASculpt.Core.Models;

/// <summary>Named model shapes. "tiny-llava" is the default: pretrains in minutes on a 2-core CPU.</summary>
public static class ModelPresets
{
    public const string DefaultName = "tiny-llava";

    /// <summary>Benchmark images are 32x32 RGB; the vocabulary comes from the benchmark (see BenchmarkVocabulary).</summary>
    public static MllmConfig TinyLlava { get; } = new(
        DefaultName,
        new VisionConfig(ImageSize: 32, PatchSize: 8, NumChannels: 3, HiddenSize: 96, NumLayers: 3, NumHeads: 4, IntermediateSize: 256),
        new TextConfig(VocabSize: 256, HiddenSize: 128, IntermediateSize: 344, NumLayers: 3, NumHeads: 4, NumKeyValueHeads: 4,
            RopeTheta: 10000, MaxPositionEmbeddings: 128, RmsNormEps: 1e-5));

    /// <summary>A smaller shape for fast unit tests of the model code (not meant to learn the benchmark).</summary>
    public static MllmConfig Micro { get; } = new(
        "micro-llava",
        new VisionConfig(ImageSize: 32, PatchSize: 8, NumChannels: 3, HiddenSize: 32, NumLayers: 2, NumHeads: 2, IntermediateSize: 64),
        new TextConfig(VocabSize: 256, HiddenSize: 32, IntermediateSize: 64, NumLayers: 2, NumHeads: 4, NumKeyValueHeads: 2,
            RopeTheta: 10000, MaxPositionEmbeddings: 128, RmsNormEps: 1e-5));

    public static IReadOnlyList<MllmConfig> All { get; } = [TinyLlava, Micro];

    public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).ToArray();

    public static MllmConfig Default => TinyLlava;

    public static MllmConfig? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    public static MllmConfig Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown model preset '{name}'. Known presets: {string.Join(", ", Names)}.", nameof(name));
}
