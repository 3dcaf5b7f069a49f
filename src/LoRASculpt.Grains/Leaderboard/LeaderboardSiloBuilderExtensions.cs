using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Grains.Leaderboard;

public static class LeaderboardSiloBuilderExtensions
{
    /// <summary>The leaderboard grains' options (validated at start). They persist to <see cref="OrchestrationStorage.Name"/>.</summary>
    public static ISiloBuilder AddLeaderboard(this ISiloBuilder builder, Action<LeaderboardOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<LeaderboardOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
