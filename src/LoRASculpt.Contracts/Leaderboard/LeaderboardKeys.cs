using System.Globalization;
using System.Text;

namespace LoRASculpt.Contracts.Leaderboard;

/// <summary>Grain keys of the leaderboard: one index per (base model, target task), partitions per bucket and page.</summary>
public static class LeaderboardKeys
{
    public static string Board(string baseModel, string targetTask)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseModel);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetTask);
        if (baseModel.Contains('/') || targetTask.Contains('/'))
            throw new ArgumentException($"Base model '{baseModel}' and target task '{targetTask}' must not contain '/'.");
        return $"{baseModel}/{targetTask}";
    }

    public static (string BaseModel, string TargetTask) ParseBoard(string board)
    {
        var cut = board.IndexOf('/');
        return cut <= 0 ? throw new FormatException($"Board key '{board}' is not MODEL/TASK.") : (board[..cut], board[(cut + 1)..]);
    }

    public static string Partition(string board, int bucket, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{board}/{bucket}/{page}");

    /// <summary>Stable bucket of an entry id (FNV-1a over UTF-8: the same on every silo and every run).</summary>
    public static int Bucket(string entryId, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(entryId))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return (int)(hash % (uint)buckets);
    }
}
