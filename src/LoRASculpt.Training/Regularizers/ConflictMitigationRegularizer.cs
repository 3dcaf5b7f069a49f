using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Regularizers;

/// <summary>
/// LoRASculpt's Conflict Mitigation Regularizer (method.md Sec. 2-3), on the raw product B A
/// (no lora_alpha / r scaling, no dropout):
/// <list type="bullet">
/// <item>L_CMR^LLM = reduce over the cmr_modules of || M ⊙ (B A) ||_F (Frobenius, NOT squared),
///   reduce = mean (reference code) or sum (paper Eq. 9), per the cmr_reduction setting;</item>
/// <item>L_CMR^Con = sum over the connector's LoRA layers of || M ⊙ (B A) ||_1 (when connector = lora).</item>
/// </list>
/// The masks M are constants computed once from the frozen weights.
/// </summary>
public sealed class ConflictMitigationRegularizer : IDisposable
{
    private readonly List<(ILowRankAdapter Adapter, Tensor M)> llm = [];
    private readonly List<(ILowRankAdapter Adapter, Tensor M)> connector = [];
    private readonly CmrReduction reduction;

    public ConflictMitigationRegularizer(IEnumerable<AdaptedModule> modules, IReadOnlyCollection<string> cmrModules, double omega, CmrReduction reduction)
    {
        this.reduction = reduction;
        foreach (var m in modules)
        {
            if (m.IsConnector)
                connector.Add((m.Adapter, CmrImportance.Compute(m.Layer.weight, omega)));
            else if (cmrModules.Contains(m.Kind))
                llm.Add((m.Adapter, CmrImportance.Compute(m.Layer.weight, omega)));
        }
    }

    public int LlmModuleCount => llm.Count;

    public int ConnectorModuleCount => connector.Count;

    /// <summary>The A and B of every module the LLM term covers (what its gradient reaches).</summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> LlmParameters => llm.SelectMany(m => new[] { m.Adapter.A, m.Adapter.B }).ToList();

    /// <summary>L_CMR^LLM with autograd (a scalar; zero when no module is covered).</summary>
    public Tensor LlmTerm()
    {
        if (llm.Count == 0) return torch.zeros(1).squeeze();
        Tensor total = torch.zeros(1).squeeze();
        foreach (var (adapter, m) in llm)
            total = total + (m * adapter.B.matmul(adapter.A)).norm();
        return reduction == CmrReduction.Mean ? total / llm.Count : total;
    }

    /// <summary>L_CMR^Con with autograd: the L1 "soft sparsity" form summed over connector layers.</summary>
    public Tensor ConnectorTerm()
    {
        Tensor total = torch.zeros(1).squeeze();
        foreach (var (adapter, m) in connector)
            total = total + (m * adapter.B.matmul(adapter.A)).abs().sum();
        return total;
    }

    public void Dispose()
    {
        foreach (var (_, m) in llm.Concat(connector)) m.Dispose();
        llm.Clear();
        connector.Clear();
    }
}
