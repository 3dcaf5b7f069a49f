using System.Collections.Immutable;

namespace LoRASculpt.Contracts.Trials;

/// <summary>The score of one dataset, on a 0-100 scale (CIDEr is reported x100).</summary>
[GenerateSerializer, Immutable]
public sealed record TaskScore(
    [property: Id(0)] string Task,
    [property: Id(1)] string Metric,
    [property: Id(2)] double Score,
    [property: Id(3)] bool IsTarget,
    [property: Id(4)] int Samples);

/// <summary>Measured density of one adapted module next to Theorem 3.1's expectation.</summary>
[GenerateSerializer, Immutable]
public sealed record ModuleDensity(
    [property: Id(0)] string Module,
    [property: Id(1)] double DensityA,
    [property: Id(2)] double DensityB,
    [property: Id(3)] double DensityBA,
    [property: Id(4)] double ExpectedDensityBA);

[GenerateSerializer, Immutable]
public sealed record TrainingDiagnostics(
    [property: Id(0)] ImmutableArray<ModuleDensity> Densities,
    /// <summary>Final values of task, cmr_llm, cmr_connector, regulariser and total loss.</summary>
    [property: Id(1)] ImmutableSortedDictionary<string, double> FinalLossTerms,
    [property: Id(2)] double MeanStepMilliseconds,
    [property: Id(3)] double SamplesPerSecond,
    [property: Id(4)] int Steps,
    /// <summary>Settings printed with results, e.g. the CMR reduction convention.</summary>
    [property: Id(5)] ImmutableSortedDictionary<string, string> Notes);

[GenerateSerializer, Immutable]
public sealed record TrialResult(
    [property: Id(0)] ImmutableArray<TaskScore> Tasks,
    [property: Id(1)] double Source,
    [property: Id(2)] double Target,
    [property: Id(3)] double Avg,
    [property: Id(4)] TrainingDiagnostics Diagnostics,
    [property: Id(5)] TimeSpan TrainingTime,
    [property: Id(6)] TimeSpan EvaluationTime,
    /// <summary>Artifact key of the fine-tuned adapter.</summary>
    [property: Id(7)] string AdapterKey,
    /// <summary>Version of the evaluation suite (benchmark data version) the scores were measured on.</summary>
    [property: Id(8)] string SuiteVersion,
    /// <summary>The checkpoint step the final training run started from (0 = from scratch), e.g. after its worker was lost.</summary>
    [property: Id(9)] int ResumedFromStep = 0);
