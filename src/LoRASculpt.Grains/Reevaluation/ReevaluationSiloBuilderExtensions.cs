using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoRASculpt.Grains.Reevaluation;

public static class ReevaluationSiloBuilderExtensions
{
    /// <summary>
    /// Scheduled re-evaluation: options (validated at start), its clock, and the filter that records why an entry's
    /// re-evaluation jobs failed. The silo must have a reminder service
    /// (SQLite in embedded mode, Azure Table in a cluster) and the leaderboard and orchestration grains.
    /// </summary>
    public static ISiloBuilder AddReevaluation(this ISiloBuilder builder, Action<ReevaluationOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<ReevaluationOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.ValidateDataAnnotations()
            .Validate(o => o.SuiteVersions.Values.All(v => !string.IsNullOrWhiteSpace(v)), "Reevaluation: a SuiteVersions override must name a version.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(sp => new ReevaluationClock(TimeProvider.System));
        builder.Services.TryAddSingleton<CurrentSuiteVersions>();
        return builder;
    }
}
