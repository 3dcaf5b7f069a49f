using LoRASculpt.Grains;
using LoRASculpt.Grains.Leaderboard;
using Orleans.TestingHost;
using Xunit;

namespace LoRASculpt.TestSupport.Leaderboard;

/// <summary>A one-silo test cluster with the leaderboard grains on in-memory storage and small partitions.</summary>
public sealed class LeaderboardCluster : IAsyncLifetime
{
    public const int Buckets = 8;
    public const int Capacity = 16;

    private InProcessTestCluster? _cluster;

    public IClusterClient Client => _cluster!.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(OrchestrationStorage.Name);
            silo.AddLeaderboard(o =>
            {
                o.Buckets = Buckets;
                o.PartitionCapacity = Capacity;
                o.ReadParallelism = 3;
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }
}
