using LoRASculpt.Training.Model;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// One adapted layer: its module path in the model (e.g. "language_model.model.layers.0.self_attn.q_proj"),
/// its kind ("q" ... "down" for decoder projections, "linear_1"/"linear_2" for the connector), the layer and its adapter.
/// </summary>
public sealed record AdaptedModule(string Name, string Kind, bool IsConnector, AdaptableLinear Layer, ILowRankAdapter Adapter)
{
    /// <summary>PEFT-style prefix of this module's adapter tensors in a saved adapter file.</summary>
    public string PeftPrefix => $"base_model.model.{Name}";
}
