using LoRASculpt.Core.Models;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>
/// The LLaVA-1.5-shaped config the real-model benchmark writes as a checkpoint: a CLIP tower, the mlp2x_gelu connector
/// and a LLaMA decoder in bf16, with the 400-piece tokenizer fixture plus &lt;image&gt; = 400 and &lt;pad&gt; = 401 in a
/// 448-row embedding (llava-hf pads its embedding the same way). The default has 767,332,352 parameters (1.53 GB =
/// 1.43 GiB in bf16), within the ~0.75-1B a full LLaVA-1.5 load can be measured with on a CPU; --small has 15,303,168
/// (29 MiB), for checking that the benchmark runs.
/// </summary>
internal static class RealModelShape
{
    public const int TokenizerPieces = 400;
    public const int ImageTokenId = TokenizerPieces;
    public const int PadTokenId = TokenizerPieces + 1;
    private const int EmbeddingRows = 448;

    /// <summary>The config from the preset (default or --small), each size overridable by its own argument.</summary>
    public static MllmConfig FromArgs(string[] args)
    {
        var small = args.Contains("--small");
        int Arg(string name, int full, int quick) => BenchmarkArgs.Int(args, name, small ? quick : full);
        var vision = new VisionConfig(
            ImageSize: Arg("--image-size", 224, 224),
            PatchSize: Arg("--patch-size", 14, 14),
            NumChannels: 3,
            HiddenSize: Arg("--vision-hidden", 1024, 256),
            NumLayers: Arg("--vision-layers", 12, 2),
            NumHeads: Arg("--vision-heads", 16, 4),
            IntermediateSize: Arg("--vision-intermediate", 4096, 1024));
        var heads = Arg("--heads", 16, 8);
        var text = new TextConfig(
            VocabSize: EmbeddingRows,
            HiddenSize: Arg("--hidden", 2048, 512),
            IntermediateSize: Arg("--intermediate", 5504, 1376),
            NumLayers: Arg("--text-layers", 12, 4),
            NumHeads: heads,
            NumKeyValueHeads: Arg("--kv-heads", heads, heads),
            RopeTheta: 10000,
            MaxPositionEmbeddings: 2048,
            RmsNormEps: 1e-5);
        var config = new MllmConfig(
            small ? "real-model-bench-small" : "real-model-bench",
            vision,
            text,
            ImageTokenId: ImageTokenId,
            PadTokenId: PadTokenId,
            BosTokenId: 1,
            EosTokenId: 2,
            UnknownTokenId: 0,
            TokenizerVocabSize: TokenizerPieces + 2,
            TorchDtype: "bfloat16");
        config.Validate();
        return config;
    }

    /// <summary>One line with every size, as the lead needs to reproduce or compare a run.</summary>
    public static string Describe(MllmConfig c) =>
        $"CLIP {c.Vision.ImageSize}/{c.Vision.PatchSize} ({c.Vision.NumPatches} patches) hidden {c.Vision.HiddenSize} x {c.Vision.NumLayers} layers, " +
        $"{c.Vision.NumHeads} heads, MLP {c.Vision.IntermediateSize}; LLaMA hidden {c.Text.HiddenSize} x {c.Text.NumLayers} layers, " +
        $"{c.Text.NumHeads} heads ({c.Text.NumKeyValueHeads} KV), MLP {c.Text.IntermediateSize}, vocab {c.Text.VocabSize} rows " +
        $"({c.RealVocabSize} tokens)";
}
