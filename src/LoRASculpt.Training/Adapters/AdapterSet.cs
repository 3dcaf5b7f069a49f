using LoRASculpt.Core.Settings;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// The adapters of one trial attached to a model, plus the connector's own parameters when it is
/// fully fine-tuned. Disposing detaches every adapter and re-freezes the model; it does not
/// restore weights a full connector fine-tune changed (the caller owns pristine weights).
/// </summary>
public sealed class AdapterSet : IDisposable
{
    private readonly nn.Module model;
    private bool disposed;

    internal AdapterSet(nn.Module model, IReadOnlyList<AdaptedModule> modules, IReadOnlyList<(string Name, Parameter Parameter)> connectorParameters, ConnectorMode connector)
    {
        this.model = model;
        Modules = modules;
        FullConnectorParameters = connectorParameters;
        Connector = connector;
    }

    public IReadOnlyList<AdaptedModule> Modules { get; }

    public ConnectorMode Connector { get; }

    /// <summary>Connector weights and biases trained directly (connector = full), by model names.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> FullConnectorParameters { get; }

    public IEnumerable<AdaptedModule> DecoderModules => Modules.Where(m => !m.IsConnector);

    public IEnumerable<AdaptedModule> ConnectorModules => Modules.Where(m => m.IsConnector);

    /// <summary>Every adapter parameter by its PEFT-style name ("base_model.model.{module}.lora_A.weight").</summary>
    public IEnumerable<(string Name, Parameter Parameter)> AdapterParameters =>
        Modules.SelectMany(m => m.Adapter.LocalParameters.Select(p => ($"{m.PeftPrefix}.{p.Name}", p.Parameter)));

    /// <summary>The adapter parameters of decoder projections (trained at lr).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> DecoderAdapterParameters => AdapterParameters.Where(p => !IsConnectorParameter(p.Name));

    /// <summary>The adapter parameters of the connector's LoRA (connector = lora; trained at connector_lr).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> ConnectorAdapterParameters => AdapterParameters.Where(p => IsConnectorParameter(p.Name));

    private bool IsConnectorParameter(string name) => ConnectorModules.Any(m => name.StartsWith(m.PeftPrefix + ".", StringComparison.Ordinal));

    /// <summary>Everything the optimizer trains: adapter parameters, then full-connector parameters.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> TrainableParameters => AdapterParameters.Concat(FullConnectorParameters);

    /// <summary>Switches adapter dropout on (training) or off (evaluation, Fisher estimation).</summary>
    public void SetTraining(bool training)
    {
        foreach (var m in Modules) ((nn.Module)m.Adapter).train(training);
    }

    /// <summary>The detached weight update ΔW of every adapted module (caller disposes).</summary>
    public Dictionary<string, Tensor> DeltaWeights()
    {
        using var noGrad = torch.no_grad();
        return Modules.ToDictionary(m => m.Name, m => m.Adapter.DeltaWeight(m.Layer.weight).detach(), StringComparer.Ordinal);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var m in Modules)
        {
            m.Layer.SetAdapter(null);
            ((nn.Module)m.Adapter).Dispose();
        }
        foreach (var p in model.parameters()) p.requires_grad = false;
    }
}
