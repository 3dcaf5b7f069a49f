using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// A trained adapter file (<see cref="AdapterFile"/>) applied to a model for inference: every module's weight update
/// is attached as a <see cref="DeltaAdapter"/> on that layer's device, and a fully fine-tuned connector's weights are
/// copied over the projector's. The frozen base weights are never merged into, so <see cref="Dispose"/> detaches the
/// deltas and copies the connector's pristine values back, leaving the model exactly as it was (a cached base model
/// can serve the next adapter).
/// </summary>
public sealed class AppliedAdapter : IDisposable
{
    private readonly List<AdaptableLinear> attached = [];
    private readonly List<string> moduleNames = [];
    private readonly List<(TorchSharp.Modules.Parameter Target, Tensor Pristine)> replaced = [];
    private readonly List<string> connectorNames = [];
    private bool disposed;

    private AppliedAdapter(string path) => Path = path;

    public string Path { get; }

    /// <summary>The file's training method (metadata "method"), e.g. "lorasculpt".</summary>
    public string Method { get; private set; } = "";

    /// <summary>Modules that got a weight update, in the file's order.</summary>
    public IReadOnlyList<string> AdaptedModules => moduleNames;

    /// <summary>Connector parameters replaced by the file's fully fine-tuned values ("multi_modal_projector.linear_1.weight", ...).</summary>
    public IReadOnlyList<string> ConnectorWeights => connectorNames;

    /// <summary>
    /// Reads <paramref name="adapterPath"/> and applies it to <paramref name="model"/>. Errors name the file and the
    /// module or weight at fault; on an error nothing stays attached.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not an adapter, or names a module or connector weight the model lacks.</exception>
    /// <exception cref="InvalidOperationException">A target layer already carries an adapter (a trial's, or another applied file's).</exception>
    public static AppliedAdapter Attach(LlavaForConditionalGeneration model, string adapterPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(adapterPath);
        if (!File.Exists(adapterPath)) throw new FileNotFoundException($"Adapter file '{adapterPath}' does not exist.", adapterPath);
        var layers = model.AdaptableLayers().ToDictionary(l => l.Name, l => l.Layer, StringComparer.Ordinal);
        var applied = new AppliedAdapter(adapterPath);
        try
        {
            // DoRA's update depends on the frozen weight; the file's tensors are on the CPU, so the weight is brought there.
            using var loaded = AdapterFile.Load(adapterPath, module => Layer(layers, module, adapterPath).weight.cpu());
            applied.Method = loaded.Method;
            foreach (var (module, delta) in loaded.Deltas)
            {
                var layer = Layer(layers, module, adapterPath);
                if (layer.Adapter is not null)
                    throw new InvalidOperationException($"Layer '{module}' already carries an adapter; detach it before applying '{adapterPath}'.");
                using (var onDevice = delta.to(layer.weight.device))
                {
                    var adapter = new DeltaAdapter(onDevice);
                    // The delta lives as long as the attachment, not as long as a caller's dispose scope.
                    adapter.Delta.DetachFromDisposeScope();
                    layer.SetAdapter(adapter);
                }
                applied.attached.Add(layer);
                applied.moduleNames.Add(module);
            }
            applied.LoadConnector(model, loaded.ConnectorWeights);
            return applied;
        }
        catch
        {
            applied.Dispose();
            throw;
        }
    }

    /// <summary>Detaches every delta and restores the connector weights the file replaced.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var layer in attached)
        {
            var module = (nn.Module?)layer.Adapter;
            layer.SetAdapter(null);
            module?.Dispose();
        }
        using (torch.no_grad())
        {
            foreach (var (target, pristine) in replaced)
            {
                target.copy_(pristine);
                pristine.Dispose();
            }
        }
    }

    private void LoadConnector(LlavaForConditionalGeneration model, IReadOnlyDictionary<string, Tensor> weights)
    {
        if (weights.Count == 0) return;
        var parameters = model.named_parameters()
            .Where(p => p.name.StartsWith("multi_modal_projector.", StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        using var noGrad = torch.no_grad();
        foreach (var (name, value) in weights)
        {
            if (!parameters.TryGetValue(name, out var target))
                throw new InvalidDataException($"Adapter '{Path}' has connector weight '{name}', which the base model does not have.");
            if (!value.shape.SequenceEqual(target.shape))
                throw new InvalidDataException(
                    $"Adapter '{Path}' has connector weight '{name}' of shape [{string.Join(", ", value.shape)}], but the base model's is [{string.Join(", ", target.shape)}].");
            // Kept before the first write so Dispose restores exactly what was there; it outlives any caller's dispose scope.
            replaced.Add((target, target.detach().clone().DetachFromDisposeScope()));
            target.copy_(value);
            connectorNames.Add(name);
        }
    }

    private static AdaptableLinear Layer(Dictionary<string, AdaptableLinear> layers, string module, string path) =>
        layers.TryGetValue(module, out var layer)
            ? layer
            : throw new InvalidDataException($"Adapter '{path}' names module '{module}', which the base model does not have.");
}
