using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Model;

public sealed class ModelPrecisionTests
{
    private static readonly ModelOptions Bf16 = new() { ParameterDtype = ScalarType.BFloat16 };

    [Fact]
    public void Parameters_are_created_empty_in_the_requested_dtype()
    {
        using var before = torch.random.get_rng_state();
        using var model = new LlavaForConditionalGeneration(ModelFixture.Config, Bf16);
        using var after = torch.random.get_rng_state();
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.All(model.parameters(), p => Assert.Equal(DeviceType.CPU, p.device.type));
        // No random initialisation ran: the global generator did not move.
        Assert.True(TensorsAssert.Same(before, after));
    }

    [Fact]
    public void Create_draws_todays_float32_weights_in_every_dtype()
    {
        // First elements and a logit recorded before parameters were created empty (seed 3, micro preset).
        using var model = ModelFixture.NewModel();
        var weights = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        float First(string name) => weights[name].flatten()[0].item<float>();
        Assert.Equal(-0.076644294f, First("vision_tower.vision_model.embeddings.class_embedding"));
        Assert.Equal(-0.06397917f, First("multi_modal_projector.linear_2.weight"));
        Assert.Equal(1.1390924f, First("language_model.model.embed_tokens.weight"));
        Assert.Equal(-0.023757687f, First("language_model.model.layers.1.mlp.down_proj.weight"));
        Assert.Equal(-0.04329181f, First("language_model.lm_head.weight"));
        using var batch = ModelFixture.Batch("text-ocr", "icon-mc");
        using var logits = model.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        // With the CPU kernels capped at AVX2 (TorchProcessSettings); AVX-512's kernels gave -0.25028878.
        Assert.Equal(-0.250288874f, logits[0, 3, 7].item<float>());
        Assert.Equal(0.339655191f, logits[1, 20, 100].item<float>());

        using var bf16 = LlavaForConditionalGeneration.Create(ModelFixture.Config, 3, Bf16);
        var rounded = bf16.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in weights)
            Assert.True(TensorsAssert.Same(p.to_type(ScalarType.BFloat16), rounded[name]), name);
    }

    [Fact]
    public void Bf16_weights_computing_in_float32_equal_the_float32_model_with_rounded_weights()
    {
        using var reference = ModelFixture.NewModel();
        using var mixed = ModelWeights.Load(reference, Bf16 with { ComputeDtype = ScalarType.Float32 });
        ModelWeights.Round(reference, ScalarType.BFloat16);
        using var batch = ModelFixture.Batch("text-ocr", "icon-mc");
        using var expected = reference.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        using var actual = mixed.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        Assert.Equal(ScalarType.Float32, actual.dtype);
        Assert.True(TensorsAssert.Same(expected, actual));
    }

    [Fact]
    public void Bf16_model_matches_float32_within_bf16_tolerance_and_repeats_bit_for_bit()
    {
        using var reference = ModelFixture.NewModel();
        using var batch = ModelFixture.Batch("text-ocr", "icon-mc");
        using var expected = reference.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        using var bf16 = ModelWeights.Load(reference, Bf16);
        using var first = bf16.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        using var second = bf16.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        using var again = ModelWeights.Load(reference, Bf16);
        using var third = again.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);

        Assert.True(TensorsAssert.Same(first, second));
        Assert.True(TensorsAssert.Same(first, third));
        // bf16 keeps 8 significant bits (relative step 2^-8 = 0.0039); weights and activations are rounded at every one of
        // the 2 vision + 2 text layers. Tolerance: 0.05 + 0.05 |logit| (logits here are O(1)).
        using var error = (first - expected).abs();
        using var bound = expected.abs() * 0.05 + 0.05;
        Assert.True(error.le(bound).all().item<bool>(), $"max error {error.max().item<float>()}");
        // ... and bf16 really changed something (the comparison is not float32 against itself).
        Assert.True(error.max().item<float>() > 0);
    }
}
