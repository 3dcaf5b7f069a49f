using System.Globalization;

namespace LoRASculpt.Sweeps.Search.EarlyTermination;

/// <summary>Why a trial stops: at the rung of iteration <see cref="Iteration"/> (its curve point at <see cref="Step"/>) its value was below the cutoff.</summary>
public sealed record StopDecision(int Iteration, int Step, string Metric, double Value, double Cutoff, int Compared)
{
    /// <summary>The reason the trial keeps, shown after "stopped early", e.g. "at step 100 (curve point 2): avg 40.10, worse than the cutoff 42.50 of 3 earlier trials".</summary>
    public string Reason => string.Create(CultureInfo.InvariantCulture,
        $"at step {Step} (curve point {Iteration}): {Metric} {Value:F2}, worse than the cutoff {Cutoff:F2} of {Compared} earlier trial{(Compared == 1 ? "" : "s")}");
}
