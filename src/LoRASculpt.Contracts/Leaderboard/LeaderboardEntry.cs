using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Contracts.Leaderboard;

/// <summary>
/// One fine-tuned adapter on the leaderboard of its (base model, target task). The id is the trial id, so
/// recording the same trial twice (retries, two sweeps sharing it) updates one entry. <see cref="History"/>
/// holds every scoring, oldest first, at most one per suite version; the last one is <see cref="Current"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeaderboardEntry(
    [property: Id(0)] string EntryId,
    [property: Id(1)] TrialConfig Config,
    /// <summary>Every sweep that planned this trial, ordinal order.</summary>
    [property: Id(2)] ImmutableArray<string> SweepIds,
    [property: Id(3)] string AdapterKey,
    /// <summary>When the trial completed.</summary>
    [property: Id(4)] DateTime CreatedUtc,
    /// <summary>When the entry last changed (a new sweep, a re-evaluation).</summary>
    [property: Id(5)] DateTime UpdatedUtc,
    [property: Id(6)] ImmutableArray<LeaderboardScore> History)
{
    /// <summary>The base model's leaderboard name (a checkpoint directory's last path segment; see <see cref="LeaderboardKeys.ModelName"/>).</summary>
    public string BaseModel => LeaderboardKeys.ModelName(Config.BaseModel);

    public string TargetTask => Config.TargetTask;

    public string Method => Config.Method;

    /// <summary>The trial's seed hyperparameter, or null when the config has none.</summary>
    public string? Seed => Config.Hyperparameters.TryGetValue("seed", out var seed) ? seed : null;

    /// <summary>The most recent scoring.</summary>
    public LeaderboardScore Current => History[^1];

    public double Source => Current.Source;

    public double Target => Current.Target;

    public double Avg => Current.Avg;

    public string SuiteVersion => Current.SuiteVersion;

    /// <summary>The scoring on <paramref name="suiteVersion"/>, or null when the entry was never scored on it.</summary>
    public LeaderboardScore? ScoreOn(string suiteVersion)
    {
        foreach (var score in History)
        {
            if (score.SuiteVersion == suiteVersion)
                return score;
        }
        return null;
    }

    /// <summary>The value ranked by a query: on the filter's suite version when it names one, else the current score.</summary>
    public double RankValue(ResultMetric metric, string? suiteVersion) =>
        (suiteVersion is null ? Current : ScoreOn(suiteVersion))?.Of(metric) ?? double.NaN;
}
