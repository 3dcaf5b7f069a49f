using System.Text.Json;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Model;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Checkpoints;

/// <summary>
/// Tiny LLaVA-1.5 checkpoints in the exact on-disk formats of real releases: bf16 weights in two or more safetensors
/// shards with their index, config.json, preprocessor_config.json and a SentencePiece tokenizer.model (the 400-piece
/// fixture trained offline with spm_train; llava-hf layouts add &lt;image&gt; = 400 and &lt;pad&gt; = 401 after it).
/// Also compiled into the CLI tests, which sweep over such a checkpoint.
/// </summary>
public static class TinyCheckpoints
{
    public const int Pieces = 400;

    /// <summary>The tokenizer fixture, copied next to each test assembly.</summary>
    public static string TokenizerModel { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizers", "tiny-llama", "tokenizer.model");

    /// <summary>28x28 images in 14x14 patches (4 image features), a 2-layer CLIP tower and a 2-layer LLaMA with grouped KV heads.</summary>
    public static MllmConfig Config(CheckpointLayout layout)
    {
        var original = layout == CheckpointLayout.OriginalLlava;
        return new MllmConfig(
            "tiny-llava-hf",
            new VisionConfig(ImageSize: 28, PatchSize: 14, NumChannels: 3, HiddenSize: 32, NumLayers: 2, NumHeads: 2, IntermediateSize: 64),
            new TextConfig(VocabSize: original ? Pieces : 448, HiddenSize: 32, IntermediateSize: 64, NumLayers: 2, NumHeads: 4, NumKeyValueHeads: 2,
                RopeTheta: 10000, MaxPositionEmbeddings: 512, RmsNormEps: 1e-5),
            ImageTokenId: original ? -200 : Pieces,
            PadTokenId: original ? 0 : Pieces + 1,
            BosTokenId: 1,
            EosTokenId: 2,
            UnknownTokenId: 0,
            TokenizerVocabSize: original ? Pieces : Pieces + 2,
            TorchDtype: "bfloat16",
            ImageAspectRatio: original ? "pad" : null);
    }

    /// <summary>
    /// Writes a random tiny model (bf16, shards of at most 64 KB, so several) in <paramref name="layout"/> and returns the
    /// model it wrote, in bf16 (the caller disposes it). The original layout's CLIP tower goes to "{directory}-clip".
    /// </summary>
    public static LlavaForConditionalGeneration Write(string directory, CheckpointLayout layout, long seed = 7)
    {
        var config = Config(layout);
        var model = LlavaForConditionalGeneration.Create(config, seed, new ModelOptions { ParameterDtype = torch.bfloat16 });
        LlavaCheckpointWriter.Write(model, directory, layout, torch.bfloat16, maxShardBytes: 64 * 1024,
            layout == CheckpointLayout.OriginalLlava ? VisionDirectory(directory) : null);
        File.Copy(TokenizerModel, Path.Combine(directory, "tokenizer.model"), overwrite: true);
        if (layout != CheckpointLayout.OriginalLlava)
            File.WriteAllText(Path.Combine(directory, "added_tokens.json"),
                JsonSerializer.Serialize(new Dictionary<string, int> { ["<image>"] = Pieces, ["<pad>"] = Pieces + 1 }));
        return model;
    }

    /// <summary>Where <see cref="Write"/> puts the original layout's separate CLIP directory (a sibling, as LLaVA's docs suggest).</summary>
    public static string VisionDirectory(string directory) => directory.TrimEnd('/') + "-clip";
}
