using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Grains.Execution;
using LoRASculpt.Grains.Reevaluation;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Grains.Tests.Units;

public sealed class CurrentSuiteVersionsTests
{
    private sealed class Factory(string kind, string version) : IJobExecutorFactory
    {
        public IReadOnlyCollection<string> Kinds { get; } = [kind];

        public string SuiteVersion(string executorKind) => version;

        public IJobExecutor Create(string executorKind, WorkerInfo worker) => throw new NotSupportedException();
    }

    private static CurrentSuiteVersions Versions(Dictionary<string, string> overrides) => new(
        Options.Create(new ReevaluationOptions { SuiteVersions = overrides }),
        new JobExecutorRegistry([new Factory("torch", "bench-v9"), new SyntheticJobExecutorFactory()]));

    [Fact]
    public void Each_executor_reports_its_own_suite_version()
    {
        var versions = Versions([]);

        Assert.Equal(("bench-v9", SyntheticJobExecutor.SuiteVersion), (versions.For("torch"), versions.For("synthetic")));
    }

    [Fact]
    public void A_configured_override_wins_over_the_executor()
    {
        var versions = Versions(new() { ["torch"] = "bench-v4" });

        Assert.Equal(("bench-v4", "synthetic-1"), (versions.For("torch"), versions.For("synthetic")));
    }

    [Fact]
    public void A_kind_without_executor_or_override_is_refused_by_name()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Versions([]).For("jax"));

        Assert.Contains("'jax'", e.Message, StringComparison.Ordinal);
    }
}
