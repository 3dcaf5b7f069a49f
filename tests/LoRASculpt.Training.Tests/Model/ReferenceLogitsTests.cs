using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Model;

/// <summary>
/// The model against an independent float64 PyTorch implementation (Fixtures/tools/llava_reference.py, run once with
/// Debian's python3-torch; its output is committed as Fixtures/llava-reference.json). Both sides build the same
/// weights from the script's closed formula.
/// </summary>
public sealed class ReferenceLogitsTests
{
    /// <summary>float32 against float64 through 2 + 2 layers: measured agreement is within 1e-6 relative; 1e-5 leaves room for other CPUs.</summary>
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData("default")]
    [InlineData("full")]
    public void Logits_match_the_pytorch_reference(string strategy)
    {
        var reference = JsonNode.Parse(File.ReadAllText(FixturePath()))!;
        var config = Config(reference, strategy);
        using var model = new LlavaForConditionalGeneration(config);
        FillWeights(model);
        using var pixels = Pixels(config);
        using var ids = torch.tensor(Ints(reference["input_ids"]!), [2, 6]);
        using var mask = torch.tensor(Ints(reference["attention_mask"]!), [2, 6]);
        using var logits = model.Logits(pixels, ids, mask);

        var expected = reference["logits"]![strategy]!.AsArray();
        Assert.Equal(expected[0]!.AsArray().Count, (int)logits.shape[1]);
        var actual = logits.data<float>().ToArray();
        var (length, vocab) = ((int)logits.shape[1], (int)logits.shape[2]);
        var compared = 0;
        for (var b = 0; b < 2; b++)
        for (var j = 0; j < length; j++)
        {
            if (expected[b]![j] is not JsonArray row) continue; // a padding position
            for (var v = 0; v < vocab; v++)
            {
                var want = row[v]!.GetValue<double>();
                Assert.True(Math.Abs(actual[(b * length + j) * vocab + v] - want) <= Tolerance * (1 + Math.Abs(want)),
                    $"row {b} position {j} token {v}: {actual[(b * length + j) * vocab + v]} vs {want}");
                compared++;
            }
        }
        Assert.Equal((2 * length - 2) * vocab, compared);
    }

    private static MllmConfig Config(JsonNode reference, string strategy)
    {
        var v = reference["vision"]!;
        var t = reference["text"]!;
        int I(JsonNode n, string key) => n[key]!.GetValue<int>();
        return new MllmConfig("reference",
            new VisionConfig(I(v, "image"), I(v, "patch"), I(v, "channels"), I(v, "hidden"), I(v, "layers"), I(v, "heads"), I(v, "inter"), v["eps"]!.GetValue<double>()),
            new TextConfig(I(t, "vocab"), I(t, "hidden"), I(t, "inter"), I(t, "layers"), I(t, "heads"), I(t, "kv"), t["theta"]!.GetValue<double>(), 128, t["eps"]!.GetValue<double>()),
            VisionFeatureLayer: reference["vision_feature_layer"]!.GetValue<int>(),
            ImageTokenId: reference["image_token_id"]!.GetValue<int>(),
            VisionFeatureSelectStrategy: strategy);
    }

    /// <summary>The script's weight(): parameter k in sorted-name order gets s * sin(0.37 i + 1.3 k), rounded to float32.</summary>
    private static void FillWeights(LlavaForConditionalGeneration model)
    {
        using var noGrad = torch.no_grad();
        var parameters = model.named_parameters().OrderBy(p => p.name, StringComparer.Ordinal).ToArray();
        for (var k = 0; k < parameters.Length; k++)
        {
            var (name, p) = parameters[k];
            using var wave = (torch.arange(p.numel(), dtype: ScalarType.Float64) * 0.37 + 1.3 * k).sin();
            using var value = name.EndsWith(".bias", StringComparison.Ordinal) ? wave * 0.1
                : name.Contains("norm", StringComparison.Ordinal) ? wave * 0.1 + 1.0
                : name.Contains("embed", StringComparison.Ordinal) ? wave.clone()
                : wave * (1.0 / Math.Sqrt(p.shape.Skip(1).Aggregate(1L, (a, d) => a * d)));
            p.copy_(value.reshape(p.shape));
        }
    }

    private static Tensor Pixels(MllmConfig config)
    {
        var v = config.Vision;
        using var wave = (torch.arange(2L * v.NumChannels * v.ImageSize * v.ImageSize, dtype: ScalarType.Float64) * 0.11).sin();
        return wave.to_type(ScalarType.Float32).reshape(2, v.NumChannels, v.ImageSize, v.ImageSize);
    }

    private static long[] Ints(JsonNode node) => node.AsArray().SelectMany(r => r!.AsArray().Select(x => (long)x!.GetValue<int>())).ToArray();

    private static string FixturePath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", "llava-reference.json");
}
