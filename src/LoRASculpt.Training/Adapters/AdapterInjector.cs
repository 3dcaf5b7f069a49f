using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// Attaches a trial's adapters to a LLaVA-shaped model: LoRA (or DoRA) on the target decoder
/// projections, and per connector mode nothing (frozen), LoRA on linear_1/linear_2 (lora) or
/// trainable connector weights (full). Everything else is frozen. Adapters are created in module
/// order from the trial's generator, so the same seed gives the same initial adapter. Adapters are drawn on the CPU in
/// float32 and moved to their layer's device; they stay float32 whatever the frozen weights' dtype.
/// </summary>
public static class AdapterInjector
{
    public static AdapterSet Inject(nn.Module model, TrialSettings settings, Generator generator)
    {
        foreach (var p in model.parameters()) p.requires_grad = false;
        var modules = new List<AdaptedModule>();
        var connectorParameters = new List<(string, Parameter)>();
        foreach (var (name, module) in model.named_modules().ToList())
        {
            if (module is not AdaptableLinear layer) continue;
            if (AdapterTargets.DecoderKind(name) is { } kind && settings.TargetModules.Contains(kind))
            {
                nn.Module adapter = settings.Method == TrainingMethod.Dora
                    ? new DoraLinear(layer.weight, settings.Rank, settings.LoraAlpha, settings.LoraDropout, generator)
                    : new LoraLinear(layer.InFeatures, layer.OutFeatures, settings.Rank, settings.LoraAlpha, settings.LoraDropout, generator);
                Attach(modules, name, kind, isConnector: false, layer, adapter);
            }
            else if (AdapterTargets.ConnectorKind(name) is { } connectorKind)
            {
                switch (settings.Connector)
                {
                    case ConnectorMode.Lora:
                        Attach(modules, name, connectorKind, isConnector: true, layer,
                            new LoraLinear(layer.InFeatures, layer.OutFeatures, settings.Rank, settings.LoraAlpha, settings.LoraDropout, generator));
                        break;
                    case ConnectorMode.Full:
                        layer.weight.requires_grad = true;
                        connectorParameters.Add(($"{name}.weight", layer.weight));
                        if (layer.bias is { } bias)
                        {
                            bias.requires_grad = true;
                            connectorParameters.Add(($"{name}.bias", bias));
                        }
                        break;
                }
            }
        }
        if (!modules.Any(m => !m.IsConnector))
            throw new InvalidOperationException($"No decoder projection matched target_modules {string.Join(",", settings.TargetModules)}: is this a LLaVA-shaped model?");
        return new AdapterSet(model, modules, connectorParameters, settings.Connector);
    }

    private static void Attach(List<AdaptedModule> modules, string name, string kind, bool isConnector, AdaptableLinear layer, nn.Module adapter)
    {
        if (layer.weight.device.type != DeviceType.CPU) adapter.to(layer.weight.device);
        layer.SetAdapter(adapter);
        var lowRank = (ILowRankAdapter)adapter;
        foreach (var (_, p) in lowRank.LocalParameters) p.requires_grad = true;
        modules.Add(new AdaptedModule(name, kind, isConnector, layer, lowRank));
    }
}
