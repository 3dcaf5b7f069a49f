namespace LoRASculpt.Contracts.Jobs;

/// <summary>Deterministic job ids: the same work always has the same id, so re-enqueueing it is idempotent.</summary>
public static class JobIds
{
    public static string Training(string trialId, int attempt) => $"{trialId}/a{attempt}/train";

    public static bool IsTraining(string jobId) => jobId.EndsWith("/train", StringComparison.Ordinal);

    public static string EvalShard(string trialId, int attempt, string dataset, int shardIndex, int shardCount) =>
        $"{trialId}/a{attempt}/eval/{dataset}/{shardIndex}-of-{shardCount}";
}
