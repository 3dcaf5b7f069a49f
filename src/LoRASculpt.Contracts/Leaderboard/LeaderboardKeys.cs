using System.Globalization;
using System.Text;

namespace LoRASculpt.Contracts.Leaderboard;

/// <summary>Grain keys of the leaderboard: one index per (base model, target task), partitions per bucket and page.</summary>
public static class LeaderboardKeys
{
    /// <param name="baseModel">A preset, a checkpoint directory's path, or the name <see cref="ModelName"/> gives it.</param>
    public static string Board(string baseModel, string targetTask)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseModel);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetTask);
        var model = ModelName(baseModel);
        if (model.Length == 0 || targetTask.Contains('/'))
            throw new ArgumentException($"Base model '{baseModel}' needs a name and target task '{targetTask}' must not contain '/'.");
        return $"{model}/{targetTask}";
    }

    /// <summary>
    /// The name a base model has on the leaderboard: a preset's name, or a checkpoint directory's last path segment
    /// ("/models/llava-1.5-7b-hf" is "llava-1.5-7b-hf", as a cluster's silos and `lorasculpt model upload` name it too).
    /// </summary>
    public static string ModelName(string baseModel)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        var trimmed = baseModel.TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? trimmed : trimmed[(cut + 1)..];
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
