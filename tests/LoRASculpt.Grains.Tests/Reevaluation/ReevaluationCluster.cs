using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Reevaluation;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Reevaluation;
using LoRASculpt.Grains.Tests.Leaderboard;
using LoRASculpt.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace LoRASculpt.Grains.Tests.Reevaluation;

/// <summary>
/// A one-silo cluster with orchestration, leaderboard and re-evaluation on SQLite state and reminders (so a second
/// cluster on the same file is a full restart), a fake re-evaluation clock, and gated, counted evaluation.
/// </summary>
public sealed class ReevaluationCluster : IAsyncDisposable
{
    public const string Model = "tiny-llava";
    public const string Task = "icon-mc";
    public const string OldSuite = "synthetic-0";
    public const string CurrentSuite = "synthetic-1";

    private readonly InProcessTestCluster _cluster;

    private ReevaluationCluster(InProcessTestCluster cluster, EvalLog log)
    {
        _cluster = cluster;
        Log = log;
    }

    public EvalLog Log { get; }

    public IClusterClient Client => _cluster.Client;

    public ILeaderboardIndexGrain Board => Client.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board(Model, Task));

    public static async Task<ReevaluationCluster> StartAsync(string databasePath, FakeTimeProvider clock, TimeSpan tickPeriod)
    {
        var log = new EvalLog();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(OrchestrationStorage.Name, o => o.DatabasePath = databasePath);
            silo.UseSqliteReminderService(o => o.DatabasePath = databasePath);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100));
            silo.AddSweepOrchestration(o => o.RetryBackoff = TimeSpan.FromMilliseconds(10));
            silo.AddWorkerSlots(o => o.CpuSlots = 2);
            silo.AddLeaderboard(o => o.Buckets = 4);
            silo.AddReevaluation(o =>
            {
                o.TickPeriod = tickPeriod;
                o.PollInterval = TimeSpan.FromMilliseconds(30);
                o.RequeueInterval = TimeSpan.FromSeconds(5);
            });
            silo.Services.AddSingleton(new ReevaluationClock(clock));
            silo.Services.AddSingleton(log);
            silo.Services.AddJobExecutorFactory<GatedEvalExecutorFactory>();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ReevaluationCluster(cluster, log);
    }

    /// <summary>Entries scored on the old suite only, as if their trials ran before the suite changed.</summary>
    public async Task<List<LeaderboardEntry>> SeedAsync(int count)
    {
        var entries = RandomEntries.Create(count, seed: 11, model: Model, task: Task, suite: OldSuite);
        await Board.RecordMany([.. entries]);
        return entries;
    }

    public IReevaluationScheduleGrain Schedule(ReevaluationScheduleSpec spec) =>
        Client.GetGrain<IReevaluationScheduleGrain>(ReevaluationIds.For(spec));

    /// <summary>Polls (real time, short) until the schedule's info satisfies <paramref name="condition"/>.</summary>
    public static async Task<ReevaluationScheduleInfo> WaitForAsync(IReevaluationScheduleGrain schedule, Func<ReevaluationScheduleInfo, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        ReevaluationScheduleInfo? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await schedule.GetInfo();
            if (last is not null && condition(last))
                return last;
            await System.Threading.Tasks.Task.Delay(25);
        }
        throw new TimeoutException($"Schedule did not reach the condition; last info: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        Log.Gate.Set();
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
