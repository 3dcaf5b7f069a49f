using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;
using SafetensorsTorch = LoRASculpt.Training.Safetensors.SafetensorsTorch;

namespace LoRASculpt.Training.Tests.Adapters;

/// <summary>
/// An adapter file applied for inference acts as the merged model W + (alpha/r) B A with the file's connector, and
/// detaching it leaves the base model bit for bit as it was.
/// </summary>
public sealed class AppliedAdapterTests : IDisposable
{
    private const double Alpha = 8;
    private const int Rank = 2;
    private readonly string _root = Directory.CreateTempSubdirectory("applied-adapter-").FullName;

    [Fact]
    public void Attached_it_gives_the_logits_of_the_merged_model_and_detached_the_base_models_exactly()
    {
        var path = Path.Combine(_root, "adapter.safetensors");
        var expectedDeltas = WriteAdapter(path, connectorFull: true);
        using var model = BaseModel();
        using var merged = BaseModel();
        Merge(merged, expectedDeltas, ReadConnector(path));
        using var scope = torch.NewDisposeScope();
        var (pixels, ids, mask) = Inputs();
        using var noGrad = torch.no_grad();
        var before = model.Logits(pixels, ids, mask);

        var applied = AppliedAdapter.Attach(model, path);
        var during = model.Logits(pixels, ids, mask);
        var reference = merged.Logits(pixels, ids, mask);
        Assert.Equal("lora", applied.Method);
        Assert.Equal(expectedDeltas.Keys.Order(StringComparer.Ordinal), applied.AdaptedModules.Order(StringComparer.Ordinal));
        Assert.Equal(4, applied.ConnectorWeights.Count);
        Assert.True((during - before).abs().max().item<float>() > 1e-3, "the adapter should change the logits");
        // In float32 the delta adapter forms W + ΔW exactly as merging does, so the logits agree bit for bit.
        Assert.True(Same(during, reference), $"differs from the merged model by {(during - reference).abs().max().item<float>()}");

        applied.Dispose();
        var after = model.Logits(pixels, ids, mask);
        Assert.True(Same(before, after), $"detaching left a difference of {(before - after).abs().max().item<float>()}");
        Assert.All(model.AdaptableLayers(), l => Assert.Null(l.Layer.Adapter));
        using var pristine = BaseModel();
        var restored = model.state_dict();
        foreach (var (key, value) in pristine.state_dict())
            Assert.True(Same(value, restored[key]), $"{key} was not restored");
    }

    [Fact]
    public void A_module_the_model_lacks_is_named_and_nothing_stays_attached()
    {
        var path = Path.Combine(_root, "foreign.safetensors");
        WriteAdapter(path, connectorFull: true);
        using var model = BaseModel();
        using (var smaller = new LlavaForConditionalGeneration(Config() with { Text = Config().Text with { NumLayers = 1 } }))
        {
            var error = Assert.Throws<InvalidDataException>(() => AppliedAdapter.Attach(smaller, path));
            Assert.Contains("language_model.model.layers.1.", error.Message);
            Assert.Contains(path, error.Message);
            Assert.All(smaller.AdaptableLayers(), l => Assert.Null(l.Layer.Adapter));
        }
    }

    [Fact]
    public void A_second_adapter_on_the_same_layers_is_refused_and_the_first_stays_intact()
    {
        var path = Path.Combine(_root, "twice.safetensors");
        WriteAdapter(path, connectorFull: false);
        using var model = BaseModel();
        using var first = AppliedAdapter.Attach(model, path);
        var adapters = model.AdaptableLayers().Select(l => l.Layer.Adapter).ToList();

        var error = Assert.Throws<InvalidOperationException>(() => AppliedAdapter.Attach(model, path));
        Assert.Contains("already carries an adapter", error.Message);
        Assert.Equal(adapters, model.AdaptableLayers().Select(l => l.Layer.Adapter));
    }

    [Fact]
    public void A_file_that_is_not_an_adapter_is_refused()
    {
        var path = Path.Combine(_root, "weights.safetensors");
        using (var zeros = torch.zeros(2))
            SafetensorsTorch.SaveTensors(path, [new("x", zeros)], new Dictionary<string, string> { ["format"] = "pt" });
        using var target = BaseModel();
        var error = Assert.Throws<InvalidDataException>(() => AppliedAdapter.Attach(target, path));
        Assert.Contains(path, error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Core.Models.MllmConfig Config() => TinyCheckpoints.Config(CheckpointLayout.LlavaHf);

    /// <summary>The tiny llava-hf model in float32 from seed 7: the same weights every call.</summary>
    private static LlavaForConditionalGeneration BaseModel()
    {
        var model = LlavaForConditionalGeneration.Create(Config(), seed: 7);
        model.eval();
        return model;
    }

    /// <summary>
    /// Injects LoRA (q, v, down) into another model, moves B off zero (and, with a full connector, the connector's
    /// weights off the base model's), saves it in the trial format and returns (alpha / r) B A per module, the PEFT
    /// update computed here from the saved factors.
    /// </summary>
    private static Dictionary<string, Tensor> WriteAdapter(string path, bool connectorFull)
    {
        using var trained = LlavaForConditionalGeneration.Create(Config(), seed: 11);
        var settings = TrialSettings.Create("lora", "tiny-llava", "icon-mc", [], new Dictionary<string, string>
        {
            ["target_modules"] = "q,v,down",
            ["rank"] = Rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["lora_alpha"] = Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["connector"] = connectorFull ? "full" : "frozen",
        });
        using var generator = new Generator(5);
        using var adapters = AdapterInjector.Inject(trained, settings, generator);
        using (torch.no_grad())
        {
            foreach (var m in adapters.Modules) m.Adapter.B.copy_(torch.randn(m.Adapter.B.shape, generator: generator) * 0.5);
            foreach (var (_, p) in adapters.FullConnectorParameters) p.add_(torch.randn(p.shape, generator: generator) * 0.1);
        }
        AdapterFile.Save(path, settings, adapters);
        return adapters.Modules.ToDictionary(
            m => m.Name,
            m => m.Adapter.B.detach().matmul(m.Adapter.A.detach()).mul(Alpha / Rank).DetachFromDisposeScope(),
            StringComparer.Ordinal);
    }

    private static Dictionary<string, Tensor> ReadConnector(string path)
    {
        var tensors = SafetensorsTorch.LoadTensors(path, out _);
        return tensors.Where(t => !t.Key.Contains(".lora_", StringComparison.Ordinal))
            .ToDictionary(t => t.Key["base_model.model.".Length..], t => t.Value, StringComparer.Ordinal);
    }

    private static void Merge(LlavaForConditionalGeneration model, Dictionary<string, Tensor> deltas, Dictionary<string, Tensor> connector)
    {
        var layers = model.AdaptableLayers().ToDictionary(l => l.Name, l => l.Layer);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = torch.no_grad();
        foreach (var (module, delta) in deltas) layers[module].weight.add_(delta);
        foreach (var (name, value) in connector) parameters[name].copy_(value);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static (Tensor Pixels, Tensor Ids, Tensor Mask) Inputs()
    {
        using var generator = new Generator(3);
        var pixels = torch.randn([1, 3, 28, 28], generator: generator);
        long[] ids = [1, 17, 250, TinyCheckpoints.Pieces, 13, 99, 305, 42];
        return (pixels, torch.tensor(ids, [1, ids.Length]), torch.ones(1, ids.Length, dtype: ScalarType.Int64));
    }
}
