using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Leaderboard;

/// <summary>The one call a completed trial makes: its entry on the board of its (base model, target task). Idempotent.</summary>
public static class LeaderboardRecording
{
    public static Task<RecordOutcome> RecordTrialAsync(
        IGrainFactory grains, string trialId, TrialConfig config, TrialResult result, IEnumerable<string> sweepIds, DateTime completedUtc)
    {
        var entry = LeaderboardEntries.FromTrial(trialId, config, result, sweepIds, completedUtc);
        return grains.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board(config.BaseModel, config.TargetTask)).Record(entry);
    }
}
