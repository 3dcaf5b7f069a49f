using LoRASculpt.Client;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Reevaluation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace LoRASculpt.Hosting.Http;

/// <summary>
/// A minimal Kestrel app inside the silo's host, serving <see cref="LeaderboardHttpEndpoints"/> on
/// <see cref="LeaderboardHttpOptions.Url"/> through the silo's own grain factory, and the Orleans Dashboard when
/// <paramref name="dashboard"/> is given and enabled; one API key guards both. Started after the silo (hosted
/// services start in registration order), stopped with the host.
/// </summary>
public sealed partial class LeaderboardHttpServer(
    IOptions<LeaderboardHttpOptions> options,
    IGrainFactory grains,
    ILogger<LeaderboardHttpServer> logger,
    OrleansDashboardServices? dashboard = null) : IHostedService, IAsyncDisposable
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
        var withDashboard = settings.DashboardEnabled && dashboard is not null;
        if (withDashboard)
            dashboard!.ForwardTo(builder.Services);
        var app = builder.Build();
        var check = new ApiKeyCheck(settings.ApiKey);
        app.Use(async (context, next) =>
        {
            var headers = context.Request.Headers;
            if (context.Request.Path != "/health" && !check.Accepts(headers[ApiKeyCheck.Header].FirstOrDefault(), headers.Authorization.FirstOrDefault()))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                if (settings.IsDashboardPath(context.Request.Path))
                    context.Response.Headers.WWWAuthenticate = ApiKeyCheck.BasicChallenge;
                await context.Response.WriteAsJsonAsync(new { error = $"missing or wrong {ApiKeyCheck.Header} header" });
                return;
            }
            await next(context);
        });
        app.MapLeaderboardEndpoints();
        if (withDashboard)
            app.MapOrleansDashboard(settings.DashboardPath);
        await app.StartAsync(cancellationToken);
        _app = app;
        BoundUrl = app.Urls.FirstOrDefault();
        LogListening(BoundUrl ?? settings.Url, check.Required);
        if (withDashboard)
            LogDashboard(settings.DashboardPath);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans Dashboard served under {Path}/ (same API key; browsers log in with any user name and the key as password)")]
    private partial void LogDashboard(string path);
}

public static class LeaderboardHttpExtensions
{
    /// <summary>
    /// The read-only HTTP JSON endpoint (section <c>Http</c>: Url, ApiKey, DashboardEnabled, DashboardPath), on the silo
    /// host. Does nothing at run time unless Http:Url is set. Invalid options fail the host's start naming the setting.
    /// The Orleans Dashboard is added to the silo only when enabled: its grain-call profiler costs on every call.
    /// </summary>
    public static IHostApplicationBuilder AddLeaderboardHttpEndpoint(this IHostApplicationBuilder builder, Action<LeaderboardHttpOptions>? configure = null)
    {
        var section = builder.Configuration.GetSection(LeaderboardHttpOptions.Section);
        var options = builder.Services.AddOptions<LeaderboardHttpOptions>().Bind(section);
        if (configure is not null)
            options.Configure(configure);
        options.ValidateDataAnnotations().ValidateOnStart();
        var effective = new LeaderboardHttpOptions();
        section.Bind(effective);
        configure?.Invoke(effective);
        if (effective.DashboardEnabled)
            OrleansDashboardServices.AddToSilo(builder);
        builder.Services.AddSingleton<LeaderboardHttpServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LeaderboardHttpServer>());
        return builder;
    }
}
