using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Regularizers;
using LoRASculpt.Training.Tests.Regularizers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Tests.Adapters;

/// <summary>
/// Adapters over a bf16 frozen weight: float32 master weights, the adapter branch in float32 and the result in the
/// activation dtype. Expected values are the PEFT formulas written out directly with explicit casts.
/// </summary>
public sealed class MixedPrecisionAdapterTests
{
    private const int In = 6;
    private const int Out = 5;

    [Fact]
    public void Lora_over_a_bf16_weight_adds_a_float32_branch_and_returns_bf16()
    {
        using var scope = torch.NewDisposeScope();
        var (layer, x) = Bf16Layer();
        using var g = new Generator(1);
        var lora = new LoraLinear(In, Out, rank: 2, loraAlpha: 4, dropout: 0, g);
        using (torch.no_grad()) lora.B.copy_(torch.randn(lora.B.shape, generator: g));
        layer.SetAdapter(lora);

        var y = layer.forward(x);
        var baseOut = F.linear(x, layer.weight, layer.bias);                                        // bf16, as HF
        var update = F.linear(F.linear(x.to_type(ScalarType.Float32), lora.A), lora.B) * 2.0;      // float32 branch
        var expected = (baseOut.to_type(ScalarType.Float32) + update).to_type(ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, y.dtype);
        Assert.True(y.eq(expected).all().item<bool>());

        y.to_type(ScalarType.Float32).sum().backward();
        Assert.Equal(ScalarType.Float32, lora.A.grad!.dtype);
        Assert.Equal(ScalarType.Float32, lora.B.grad!.dtype);
        Assert.True(lora.A.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Dora_over_a_bf16_weight_computes_in_float32_from_the_rounded_weight()
    {
        using var scope = torch.NewDisposeScope();
        var (layer, x) = Bf16Layer();
        using var g = new Generator(2);
        var dora = new DoraLinear(layer.weight, rank: 2, loraAlpha: 4, dropout: 0, g);
        using (torch.no_grad()) dora.B.copy_(torch.randn(dora.B.shape, generator: g));
        layer.SetAdapter(dora);

        var w = layer.weight.to_type(ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, dora.lora_magnitude_vector.dtype);
        Assert.True(dora.lora_magnitude_vector.eq(w.norm(1, keepdim: false, p: 2)).all().item<bool>());
        var delta = dora.B.matmul(dora.A) * 2.0;
        var scale = dora.lora_magnitude_vector.detach() / (w + delta).norm(1, keepdim: false, p: 2);
        var x32 = x.to_type(ScalarType.Float32);
        var expected = ((F.linear(x32, w) + F.linear(F.linear(x32, dora.A), dora.B) * 2.0) * scale + layer.bias!.to_type(ScalarType.Float32))
            .to_type(ScalarType.BFloat16);
        var y = layer.forward(x);
        Assert.Equal(ScalarType.BFloat16, y.dtype);
        Assert.True(y.eq(expected).all().item<bool>());
        Assert.Equal(ScalarType.Float32, dora.DeltaWeight(layer.weight).dtype);
    }

    [Fact]
    public void Delta_over_a_bf16_weight_merges_in_float32_and_rounds_once()
    {
        using var scope = torch.NewDisposeScope();
        var (layer, x) = Bf16Layer();
        using var g = new Generator(3);
        var delta = torch.randn([Out, In], generator: g) * 0.01;
        layer.SetAdapter(new DeltaAdapter(delta));
        var merged = (layer.weight.to_type(ScalarType.Float32) + delta).to_type(ScalarType.BFloat16);
        var expected = F.linear(x, merged, layer.bias);
        var y = layer.forward(x);
        Assert.True(y.eq(expected).all().item<bool>());
    }

    [Fact]
    public void Cmr_and_orthogonality_use_float32_from_a_bf16_weight()
    {
        using var scope = torch.NewDisposeScope();
        // Values bf16 rounds (0.3, -1.7, 0.01, 2.2) and values it keeps (0.5, -0.25).
        float[,] w = { { 0.3f, -1.7f, 0.01f }, { 2.2f, 0.5f, -0.25f } };
        float[,] a = { { 0.1f, 0.2f, -0.3f } };
        float[,] b = { { 0.5f }, { -0.4f } };
        var rounded = torch.tensor(w).to_type(ScalarType.BFloat16);
        var reference = CmrTestModules.Make("q_proj", Values(rounded.to_type(ScalarType.Float32)), a, b);
        var bf16 = CmrTestModules.Make("q_proj", w, a, b);
        var layer = new AdaptableLinear(3, 2, hasBias: false, "layer", new ParameterFactory(ScalarType.BFloat16, torch.CPU));
        using (torch.no_grad()) layer.weight.copy_(rounded);
        layer.SetAdapter((nn.Module)bf16.Adapter);
        var module = bf16 with { Layer = layer };

        var m = CmrImportance.Compute(module.Layer.weight, omega: 5);
        Assert.Equal(ScalarType.Float32, m.dtype);
        Assert.True(m.eq(CmrImportance.Compute(reference.Layer.weight, omega: 5)).all().item<bool>());
        Assert.Equal(OrthogonalityRegularizer.Compute([reference]).item<float>(), OrthogonalityRegularizer.Compute([module]).item<float>());
    }

    private static float[,] Values(Tensor t)
    {
        var (rows, cols) = ((int)t.shape[0], (int)t.shape[1]);
        var data = t.data<float>().ToArray();
        var result = new float[rows, cols];
        for (var i = 0; i < rows; i++)
        for (var j = 0; j < cols; j++)
            result[i, j] = data[i * cols + j];
        return result;
    }

    private static (AdaptableLinear Layer, Tensor X) Bf16Layer()
    {
        var layer = new AdaptableLinear(In, Out, hasBias: true, "layer", new ParameterFactory(ScalarType.BFloat16, torch.CPU));
        using var g = new Generator(9);
        using (torch.no_grad())
        {
            layer.weight.copy_(torch.randn([Out, In], generator: g));
            layer.bias!.copy_(torch.randn([Out], generator: g));
        }
        layer.weight.requires_grad = false;
        layer.bias.requires_grad = false;
        var x = torch.randn([3, In], generator: g).to_type(ScalarType.BFloat16);
        return (layer, x);
    }
}
