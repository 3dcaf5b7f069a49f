using LoRASculpt.Grains.Execution;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Grains.Reevaluation;

/// <summary>
/// The suite version an entry's executor kind scores on now: a configured override
/// (<see cref="ReevaluationOptions.SuiteVersions"/>), else what the executor reports, so a new suite needs no
/// configuration change here.
/// </summary>
public sealed class CurrentSuiteVersions(IOptions<ReevaluationOptions> options, JobExecutorRegistry executors)
{
    public string For(string executorKind) =>
        options.Value.SuiteVersions.TryGetValue(executorKind, out var version) ? version : executors.SuiteVersion(executorKind);
}
