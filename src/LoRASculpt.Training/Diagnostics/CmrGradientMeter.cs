using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Diagnostics;

/// <summary>
/// Alpha's real strength: on the parameters of the CMR's modules (their A and B), the norm of the weighted CMR term's
/// gradient, alpha ∇L_CMR^LLM, over the norm of the task loss's gradient, measured every step after the backward pass
/// and after pruned entries' gradients are zeroed (so it compares what the optimizer receives). The task gradient is
/// the accumulated gradient minus the CMR's, which is recomputed on its own: the CMR depends only on A and B, so this
/// costs one small extra forward and backward of B A per covered module.
/// </summary>
public sealed class CmrGradientMeter(ConflictMitigationRegularizer cmr, double alpha)
{
    private double sum;

    public int Steps { get; private set; }

    public double Last { get; private set; }

    public double Mean => Steps == 0 ? 0 : sum / Steps;

    /// <summary>Records this step's ratio; call after backward (and gradient masking), before clipping.</summary>
    public double Record(SparsityMasks masks)
    {
        var ratio = Measure(cmr, alpha, masks);
        sum += ratio;
        Steps++;
        Last = ratio;
        return ratio;
    }

    /// <summary>||alpha ∇L_CMR|| / ||∇L_task|| over the CMR modules' A and B (0 when alpha is 0 or nothing is covered).</summary>
    public static double Measure(ConflictMitigationRegularizer cmr, double alpha, SparsityMasks masks)
    {
        var parameters = cmr.LlmParameters;
        if (alpha == 0 || parameters.Count == 0) return 0;
        using var scope = torch.NewDisposeScope();
        var term = cmr.LlmTerm() * alpha;
        var cmrGrads = torch.autograd.grad([term], parameters.Cast<Tensor>().ToList());
        var cmrSquared = torch.zeros(1, dtype: ScalarType.Float64);
        var taskSquared = torch.zeros(1, dtype: ScalarType.Float64);
        using (torch.no_grad())
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                var g = masks.Masked(parameters[i], cmrGrads[i]).to_type(ScalarType.Float64);
                var total = parameters[i].grad is { } grad ? grad.to_type(ScalarType.Float64) : torch.zeros_like(g);
                cmrSquared = cmrSquared + g.square().sum();
                taskSquared = taskSquared + (total - g).square().sum();
            }
        }
        var taskNorm = Math.Sqrt(taskSquared.item<double>());
        var cmrNorm = Math.Sqrt(cmrSquared.item<double>());
        return taskNorm > 0 ? cmrNorm / taskNorm : double.PositiveInfinity;
    }
}
