using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Reevaluation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Hosting.Http;

/// <summary>
/// A minimal Kestrel app inside the silo's host, serving <see cref="LeaderboardHttpEndpoints"/> on
/// <see cref="LeaderboardHttpOptions.Url"/> through the silo's own grain factory. Started after the silo (hosted
/// services start in registration order), stopped with the host.
/// </summary>
public sealed partial class LeaderboardHttpServer(IOptions<LeaderboardHttpOptions> options, IGrainFactory grains, ILogger<LeaderboardHttpServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The URL actually bound (resolves port 0), once started.</summary>
    public string? BoundUrl { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Url is null)
            return;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(settings.Url);
        builder.Services.AddSingleton(new LeaderboardClient(grains));
        builder.Services.AddSingleton(new ReevaluationClient(grains));
        var app = builder.Build();
        var check = new ApiKeyCheck(settings.ApiKey);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != "/health" && !check.Accepts(context.Request.Headers[ApiKeyCheck.Header].FirstOrDefault()))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { error = $"missing or wrong {ApiKeyCheck.Header} header" });
                return;
            }
            await next(context);
        });
        app.MapLeaderboardEndpoints();
        await app.StartAsync(cancellationToken);
        _app = app;
        BoundUrl = app.Urls.FirstOrDefault();
        LogListening(BoundUrl ?? settings.Url, check.Required);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Leaderboard HTTP endpoint listening on {Url} (API key required: {KeyRequired})")]
    private partial void LogListening(string url, bool keyRequired);
}

public static class LeaderboardHttpExtensions
{
    /// <summary>
    /// The read-only HTTP JSON endpoint (section <c>Http</c>: Url, ApiKey), on the silo host. Does nothing at run time
    /// unless Http:Url is set. Invalid options fail the host's start naming the setting.
    /// </summary>
    public static IHostApplicationBuilder AddLeaderboardHttpEndpoint(this IHostApplicationBuilder builder, Action<LeaderboardHttpOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<LeaderboardHttpOptions>().Bind(builder.Configuration.GetSection(LeaderboardHttpOptions.Section));
        if (configure is not null)
            options.Configure(configure);
        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LeaderboardHttpServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LeaderboardHttpServer>());
        return builder;
    }
}
