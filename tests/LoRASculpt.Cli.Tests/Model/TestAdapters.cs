using System.Globalization;
using LoRASculpt.Core.Models;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Cli.Tests.Model;

/// <summary>
/// Adapter files in the format trials write, made without training: LoRA is injected into a model of the same shape,
/// B is moved off zero and the connector's weights are perturbed (connector = full), then the file is saved.
/// </summary>
internal static class TestAdapters
{
    public const double Alpha = 8;
    public const int Rank = 2;

    /// <summary>Writes the file; returns each module's update (alpha / r) B A and the connector weights, as PEFT defines them.</summary>
    public static (Dictionary<string, Tensor> Deltas, Dictionary<string, Tensor> Connector) Write(string path, MllmConfig config, string targets = "q,v,down")
    {
        using var model = LlavaForConditionalGeneration.Create(config, seed: 11);
        var c = CultureInfo.InvariantCulture;
        var settings = TrialSettings.Create("lora", "tiny-llava", "icon-mc", [], new Dictionary<string, string>
        {
            ["target_modules"] = targets,
            ["rank"] = Rank.ToString(c),
            ["lora_alpha"] = Alpha.ToString(c),
            ["connector"] = "full",
        });
        using var generator = new Generator(5);
        using var adapters = AdapterInjector.Inject(model, settings, generator);
        using (torch.no_grad())
        {
            foreach (var m in adapters.Modules) m.Adapter.B.copy_(torch.randn(m.Adapter.B.shape, generator: generator) * 0.5);
            foreach (var (_, p) in adapters.FullConnectorParameters) p.add_(torch.randn(p.shape, generator: generator) * 0.2);
        }
        AdapterFile.Save(path, settings, adapters);
        var deltas = adapters.Modules.ToDictionary(
            m => m.Name,
            m => m.Adapter.B.detach().matmul(m.Adapter.A.detach()).mul(Alpha / Rank).DetachFromDisposeScope(),
            StringComparer.Ordinal);
        var connector = adapters.FullConnectorParameters.ToDictionary(p => p.Name, p => p.Parameter.detach().clone().DetachFromDisposeScope(), StringComparer.Ordinal);
        return (deltas, connector);
    }

    /// <summary>
    /// Merges the update into the weights as merging a float32 PEFT delta into a bf16 model does: W + ΔW summed in
    /// float32 and rounded once to the weight's dtype; connector weights are copied (rounded) in.
    /// </summary>
    public static void Merge(LlavaForConditionalGeneration model, Dictionary<string, Tensor> deltas, Dictionary<string, Tensor> connector)
    {
        var layers = model.AdaptableLayers().ToDictionary(l => l.Name, l => l.Layer, StringComparer.Ordinal);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        foreach (var (module, delta) in deltas)
        {
            var weight = layers[module].weight;
            weight.copy_((weight.to_type(ScalarType.Float32) + delta).to_type(weight.dtype));
        }
        foreach (var (name, value) in connector) parameters[name].copy_(value);
    }

    public static void Dispose(Dictionary<string, Tensor> tensors)
    {
        foreach (var t in tensors.Values) t.Dispose();
    }
}
