using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>The one call a completed trial makes: its entry on the board of its (base model, target task). Idempotent.</summary>
public static partial class LeaderboardRecording
{
    public static Task<RecordOutcome> RecordTrialAsync(
        IGrainFactory grains, string trialId, TrialConfig config, TrialResult result, IEnumerable<string> sweepIds, DateTime completedUtc)
    {
        var entry = LeaderboardEntries.FromTrial(trialId, config, result, sweepIds, completedUtc);
        return grains.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board(config.BaseModel, config.TargetTask)).Record(entry);
    }

    /// <summary>
    /// <see cref="RecordTrialAsync"/> for a trial grain: never throws (the trial's result is already durable; a later
    /// resume records it again, idempotently) and counts the completion.
    /// </summary>
    public static async Task TryRecordTrialAsync(
        IGrainFactory grains, ILogger logger, string trialId, TrialConfig config, TrialResult result, IEnumerable<string> sweepIds, DateTime completedUtc)
    {
        try
        {
            await RecordTrialAsync(grains, trialId, config, result, sweepIds, completedUtc);
        }
        catch (Exception e)
        {
            LogRecordFailed(logger, e, trialId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: could not record its leaderboard entry (a resume records it again)")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string trialId);
}
