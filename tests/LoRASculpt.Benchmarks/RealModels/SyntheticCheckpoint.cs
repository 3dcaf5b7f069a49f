using System.Text.Json;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>
/// Writes a random LLaVA-1.5 checkpoint directory in the llava-hf layout exactly as a real release stores it: bf16
/// safetensors shards with their index, config.json, preprocessor_config.json, plus the 400-piece SentencePiece
/// tokenizer fixture and added_tokens.json. The model is created empty in bf16 and filled in place, because
/// <see cref="LlavaForConditionalGeneration.Create"/> draws every tensor in float32 first (too slow and twice the
/// memory at 1-2 GB).
/// </summary>
internal static class SyntheticCheckpoint
{
    /// <summary>The tokenizer fixture of the training tests, linked next to the benchmark assembly by the csproj.</summary>
    public static string TokenizerModel { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizers", "tiny-llama", "tokenizer.model");

    /// <returns>The number of parameters written (every one stored in bf16, 2 bytes each).</returns>
    public static long Write(MllmConfig config, string directory, long maxShardBytes, ulong seed)
    {
        long parameters;
        using (var model = new LlavaForConditionalGeneration(config, new ModelOptions { ParameterDtype = ScalarType.BFloat16 }))
        {
            parameters = FillDeterministically(model, seed);
            LlavaCheckpointWriter.Write(model, directory, CheckpointLayout.LlavaHf, ScalarType.BFloat16, maxShardBytes);
        }
        File.Copy(TokenizerModel, Path.Combine(directory, "tokenizer.model"), overwrite: true);
        File.WriteAllText(Path.Combine(directory, "added_tokens.json"), JsonSerializer.Serialize(new Dictionary<string, int>
        {
            ["<image>"] = RealModelShape.ImageTokenId,
            ["<pad>"] = RealModelShape.PadTokenId,
        }));
        return parameters;
    }

    /// <summary>
    /// Zero biases, unit norms, everything else N(0, 1/fan_in) drawn straight into the bf16 parameter: activations stay
    /// near unit scale through the stack, so the bf16 loss is finite (the trainer stops on a non-finite loss); the
    /// values do not matter for timing.
    /// </summary>
    private static long FillDeterministically(LlavaForConditionalGeneration model, ulong seed)
    {
        using var generator = new Generator(seed);
        using var noGrad = torch.no_grad();
        long count = 0;
        foreach (var (name, p) in model.named_parameters())
        {
            count += p.numel();
            if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            else if (name.EndsWith("norm.weight", StringComparison.Ordinal) || name.Contains("layer_norm") || name.Contains("layrnorm")) p.fill_(1);
            else if (p.dim() >= 2) p.normal_(0, 1.0 / Math.Sqrt(p.numel() / p.shape[0]), generator);
            else p.normal_(0, 1, generator);
        }
        return count;
    }
}
