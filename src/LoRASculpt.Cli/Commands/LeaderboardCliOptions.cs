using System.CommandLine;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Grains.Leaderboard;

namespace LoRASculpt.Cli.Commands;

/// <summary>The board and filter options of the leaderboard commands.</summary>
internal sealed class LeaderboardCliOptions
{
    public Option<string?> Model { get; } = new("--model") { Description = "Base model of the board (default: the only board, if there is one)." };

    public Option<string?> Task { get; } = new("--task") { Description = "Target task of the board (default: the only board, if there is one)." };

    public Option<string[]> Method { get; } = new("--method") { Description = "Only these methods (repeatable or comma-separated).", AllowMultipleArgumentsPerToken = true };

    public Option<string?> Sweep { get; } = new("--sweep") { Description = "Only entries planned by this sweep id." };

    public Option<string[]> Hyperparameter { get; } = new("--hp") { Description = "Only entries with NAME=VALUE (canonical value, e.g. alpha=0.5); repeatable." };

    public Option<string?> Suite { get; } = new("--suite") { Description = "Only entries scored on this suite version, ranked by that scoring." };

    public Option<string?> OlderThan { get; } = new("--older-than") { Description = "Only entries whose current scoring is on a suite version older than this." };

    public IEnumerable<Option> Board => [Model, Task];

    public IEnumerable<Option> Filters => [Method, Sweep, Hyperparameter, Suite, OlderThan];

    public LeaderboardFilter Filter(ParseResult parse)
    {
        try
        {
            return LeaderboardArguments.Filter(parse.GetValue(Method), parse.GetValue(Sweep), parse.GetValue(Hyperparameter), parse.GetValue(Suite), parse.GetValue(OlderThan));
        }
        catch (FormatException e)
        {
            throw new UsageException($"error: {e.Message}");
        }
    }

    /// <summary>The (model, task) asked for, or the only board there is.</summary>
    public async Task<(string Model, string Task)> BoardAsync(ParseResult parse, LeaderboardClient client)
    {
        var model = parse.GetValue(Model);
        var task = parse.GetValue(Task);
        if (model is not null && task is not null)
            return (model, task);
        var boards = (await client.BoardsAsync())
            .Where(b => (model is null || b.BaseModel == model) && (task is null || b.TargetTask == task))
            .ToArray();
        return boards.Length switch
        {
            1 => (boards[0].BaseModel, boards[0].TargetTask),
            0 => throw new UsageException("error: no leaderboard matches; completed trials create one per (base model, target task). Give --model and --task."),
            _ => throw new UsageException($"error: several leaderboards match ({string.Join(", ", boards.Select(b => $"{b.BaseModel}/{b.TargetTask}"))}); give --model and --task."),
        };
    }
}
