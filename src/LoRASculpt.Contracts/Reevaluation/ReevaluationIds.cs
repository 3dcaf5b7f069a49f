using System.Security.Cryptography;
using System.Text;

namespace LoRASculpt.Contracts.Reevaluation;

/// <summary>Deterministic ids: the same schedule spec is one schedule; a run's job ids depend only on (entry, suite version).</summary>
public static class ReevaluationIds
{
    public static string For(ReevaluationScheduleSpec spec)
    {
        var text = string.Join('\n', spec.Cron.Trim(), spec.BaseModel, spec.TargetTask, spec.Selection.ToString(), spec.EvalShards.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "re-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    /// <summary>
    /// The eval-shard job re-evaluating <paramref name="entryId"/> on <paramref name="suiteVersion"/>: the same id in
    /// every run, so the scheduler never queues it twice and its shard grain keeps the first outcome.
    /// </summary>
    public static string EvalShardJob(string entryId, string suiteVersion, string dataset, int shardIndex, int shardCount) =>
        $"{EntrySuite(entryId, suiteVersion)}/eval/{dataset}/{shardIndex}-of-{shardCount}";

    /// <summary>The re-evaluation of <paramref name="entryId"/> on <paramref name="suiteVersion"/>: the prefix of its shard job ids.</summary>
    public static string EntrySuite(string entryId, string suiteVersion) => $"{entryId}/reeval-{suiteVersion}";

}
