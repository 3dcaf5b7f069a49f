using LoRASculpt.Training.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Adapters;

public sealed class AdapterInjectorTests
{
    [Fact]
    public void Lora_targets_decoder_projections_only_and_freezes_the_rest()
    {
        using var model = new ToyMllm();
        using var g = new Generator(0);
        using var adapters = AdapterInjector.Inject(model, ToyMllm.Settings("lora", ("target_modules", "q,v,down"), ("rank", "2")), g);
        Assert.Equal(
            ["language_model.model.layers.0.self_attn.q_proj", "language_model.model.layers.0.self_attn.v_proj", "language_model.model.layers.0.mlp.down_proj",
             "language_model.model.layers.1.self_attn.q_proj", "language_model.model.layers.1.self_attn.v_proj", "language_model.model.layers.1.mlp.down_proj"],
            adapters.Modules.Select(m => m.Name));
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.Equal(12, trainable.Count);
        Assert.All(trainable, n => Assert.Matches(@"\.adapter\.lora_[AB]\.weight$", n));
        Assert.Contains("base_model.model.language_model.model.layers.1.mlp.down_proj.lora_B.weight", adapters.AdapterParameters.Select(p => p.Name));
    }

    [Fact]
    public void Connector_modes_add_lora_or_trainable_weights()
    {
        using var model = new ToyMllm();
        using var g = new Generator(0);
        using (var lora = AdapterInjector.Inject(model, ToyMllm.Settings("lora", ("connector", "lora")), g))
        {
            Assert.Equal(["linear_1", "linear_2"], lora.ConnectorModules.Select(m => m.Kind));
            Assert.Equal(14 + 2, lora.Modules.Count);
        }
        Assert.All(model.parameters(), p => Assert.False(p.requires_grad));
        using var full = AdapterInjector.Inject(model, ToyMllm.Settings("lora", ("connector", "full")), g);
        Assert.Empty(full.ConnectorModules);
        Assert.Equal(
            ["multi_modal_projector.linear_1.weight", "multi_modal_projector.linear_1.bias", "multi_modal_projector.linear_2.weight", "multi_modal_projector.linear_2.bias"],
            full.FullConnectorParameters.Select(p => p.Name));
        Assert.All(full.FullConnectorParameters, p => Assert.True(p.Parameter.requires_grad));
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("dora")]
    public void A_fresh_adapter_leaves_the_output_unchanged_and_its_delta_matches_the_forward(string method)
    {
        using var model = new ToyMllm();
        using var x = torch.randn(5, ToyMllm.Width);
        using var before = model.forward(x).detach();
        using var g = new Generator(3);
        using var adapters = AdapterInjector.Inject(model, ToyMllm.Settings(method, ("rank", "2"), ("lora_dropout", "0")), g);
        using var after = model.forward(x).detach();
        Assert.True(before.allclose(after, rtol: 0, atol: 1e-6));

        // Move B away from zero, then y must equal x (W + ΔW)^T + b.
        using (torch.no_grad())
            foreach (var m in adapters.Modules) m.Adapter.B.copy_(torch.randn(m.Adapter.B.shape) * 0.3);
        var layer = adapters.Modules[0].Layer;
        using var h = torch.randn(4, layer.InFeatures);
        using var viaAdapter = layer.forward(h).detach();
        using var delta = adapters.Modules[0].Adapter.DeltaWeight(layer.weight).detach();
        using var merged = torch.nn.functional.linear(h, layer.weight + delta, layer.bias);
        Assert.True(viaAdapter.allclose(merged, rtol: 1e-5, atol: 1e-6));
        Assert.True(delta.abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void Same_seed_gives_the_same_initial_adapter()
    {
        using var model = new ToyMllm();
        float[] Init(ulong seed)
        {
            using var g = new Generator(seed);
            using var adapters = AdapterInjector.Inject(model, ToyMllm.Settings("lora"), g);
            return adapters.Modules[3].Adapter.A.data<float>().ToArray();
        }
        Assert.Equal(Init(9), Init(9));
        Assert.NotEqual(Init(9), Init(10));
        // kaiming_uniform(a = sqrt(5)) bound is 1 / sqrt(fan_in).
        Assert.All(Init(9), v => Assert.InRange(Math.Abs(v), 0, 1 / Math.Sqrt(ToyMllm.Width)));
    }
}
