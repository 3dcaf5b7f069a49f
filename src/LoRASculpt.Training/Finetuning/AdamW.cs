using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// AdamW with the exact arithmetic of torch.optim.AdamW (decoupled decay, bias-corrected moments,
/// eps added after the bias-corrected square root), written out so that its moments are
/// ours: sparse training masks them after every step and checkpoints save and restore them bitwise.
/// Parameter groups carry their own learning rate factor (the connector trains at connector_lr).
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly List<ParameterState> states = [];

    public AdamW(IEnumerable<(string Name, Parameter Parameter, double LearningRate)> parameters, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        WeightDecay = weightDecay;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        foreach (var (name, p, lr) in parameters)
            states.Add(new ParameterState(name, p, lr, torch.zeros_like(p).DetachFromDisposeScope(), torch.zeros_like(p).DetachFromDisposeScope()));
    }

    public double WeightDecay { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    /// <summary>Optimizer steps taken so far (torch's per-parameter "step", shared here).</summary>
    public long StepCount { get; set; }

    public IReadOnlyList<ParameterState> States => states;

    /// <summary>One update with learning rates multiplied by <paramref name="lrFactor"/> (the schedule).</summary>
    public void Step(double lrFactor)
    {
        StepCount++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        var biasCorrection2 = 1 - Math.Pow(Beta2, StepCount);
        var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        using var noGrad = torch.no_grad();
        foreach (var s in states)
        {
            using var grad = s.Parameter.grad;
            if (grad is null) continue;
            var lr = s.LearningRate * lrFactor;
            s.Parameter.mul_(1 - lr * WeightDecay);
            s.ExpAvg.lerp_(grad, 1 - Beta1);
            s.ExpAvgSq.mul_(Beta2).addcmul_(grad, grad, 1 - Beta2);
            using var denom = s.ExpAvgSq.sqrt().div_(biasCorrection2Sqrt).add_(Epsilon);
            s.Parameter.addcdiv_(s.ExpAvg, denom, -lr / biasCorrection1);
        }
    }

    public void ZeroGrad()
    {
        foreach (var s in states)
        {
            using var grad = s.Parameter.grad;
            grad?.zero_();
        }
    }

    public void Dispose()
    {
        foreach (var s in states)
        {
            s.ExpAvg.Dispose();
            s.ExpAvgSq.Dispose();
        }
        states.Clear();
    }

    /// <summary>A parameter with its learning rate and first/second moment estimates.</summary>
    public sealed record ParameterState(string Name, Parameter Parameter, double LearningRate, Tensor ExpAvg, Tensor ExpAvgSq);
}
