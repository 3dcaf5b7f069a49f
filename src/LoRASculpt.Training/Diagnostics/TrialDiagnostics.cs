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
    IReadOnlyDictionary<string, string> Notes);
