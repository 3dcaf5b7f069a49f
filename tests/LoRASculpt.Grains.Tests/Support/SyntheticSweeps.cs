using System.Collections.Immutable;
using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Synthetic;

namespace LoRASculpt.Grains.Tests.Support;

/// <summary>Synthetic sweep specs: one trial per seed, with a fixed wait.</summary>
public static class SyntheticSweeps
{
    public static SweepSpec Seeds(string name, IEnumerable<int> seeds, int durationMs = 20, int evalShards = 1, int failAttempts = 0, int evalEvery = 0)
    {
        var parameters = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        parameters["seed"] = [.. seeds.Select(s => s.ToString(CultureInfo.InvariantCulture))];
        parameters[SyntheticTrialParameters.DurationMs] = [durationMs.ToString(CultureInfo.InvariantCulture)];
        if (failAttempts > 0)
            parameters[SyntheticTrialParameters.FailAttempts] = [failAttempts.ToString(CultureInfo.InvariantCulture)];
        if (evalEvery > 0)
            parameters[SyntheticTrialParameters.CurveEvery] = [evalEvery.ToString(CultureInfo.InvariantCulture)];
        return new SweepSpec(
            Name: name,
            BaseModel: "tiny-llava",
            TargetTask: "icon-mc",
            SourceTasks: ["shape-vqa", "text-ocr"],
            Methods: ["lora"],
            Grid: GridKind.Product,
            Parameters: parameters.ToImmutable(),
            Points: [],
            MaxTrials: 10_000,
            EvalShards: evalShards,
            ExecutorKind: SyntheticTrialParameters.Kind);
    }

    public static SweepSpec Seeds(string name, int count, int durationMs = 20, int evalShards = 1, int failAttempts = 0, int evalEvery = 0) =>
        Seeds(name, Enumerable.Range(1, count), durationMs, evalShards, failAttempts, evalEvery);
}
