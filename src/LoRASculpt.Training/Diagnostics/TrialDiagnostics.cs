namespace LoRASculpt.Training.Diagnostics;

/// <summary>Everything a trial reports besides scores.</summary>
public sealed record TrialDiagnostics(
    IReadOnlyList<ModuleDensityReport> Densities,
    /// <summary>Final unweighted values of task, cmr_llm, cmr_connector, regulariser and the weighted total.</summary>
    IReadOnlyDictionary<string, double> FinalLossTerms,
    double MeanStepMilliseconds,
    double SamplesPerSecond,
    int Steps,
    /// <summary>Conventions printed with results (CMR reduction and modules, connector mode, formulas of baselines).</summary>
    IReadOnlyDictionary<string, string> Notes)
{
    /// <summary>Mean ||alpha ∇L_CMR|| / ||∇L_task|| on the CMR modules over the steps run (null unless lorasculpt).</summary>
    public double? CmrGradientRatio { get; init; }

    /// <summary>Per module: overlap of A's mask with the top-k of A's initial values (chance level: density_a).</summary>
    public IReadOnlyDictionary<string, double> MaskInitialOverlapA { get; init; } = new Dictionary<string, double>();
}
