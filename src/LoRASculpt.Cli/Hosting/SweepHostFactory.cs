using LoRASculpt.Client;
using LoRASculpt.Execution;
using LoRASculpt.Grains;
using LoRASculpt.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Cli.Hosting;

/// <summary>
/// Starts what a sweep command talks to: a cluster client when a cluster is configured (--cluster or
/// LORASCULPT_CLUSTER), otherwise the data directory's embedded silo, hosted in this process or, when another
/// lorasculpt process already hosts it, reached through that process's gateway.
/// </summary>
public sealed class SweepHostFactory
{
    public static readonly TimeSpan EmbeddedLeaseDuration = TimeSpan.FromHours(1);

    /// <summary>Executors of an embedded silo (the data directory is passed in); tests substitute counting ones.</summary>
    public Action<IServiceCollection, string> RegisterExecutors { get; init; } = RegisterDefaultExecutors;

    /// <summary>Orleans' own logs (off by default: the command prints what matters); e.g. for --verbose.</summary>
    public LogLevel? LogLevel { get; init; }

    public static void RegisterDefaultExecutors(IServiceCollection services, string dataDirectory)
    {
        services.AddSyntheticJobExecutor();
        services.AddTorchJobExecutor(o =>
        {
            o.LocalDirectory = dataDirectory;
            o.ShareBaseModels = false; // the local directory is the only one
        });
    }

    /// <exception cref="SweepHostException">The host could not start; the message says why (no secrets).</exception>
    public async Task<SweepSession> StartAsync(SweepHostOptions options, CancellationToken cancellationToken)
    {
        var configuration = EnvironmentSettings.Read();
        var cluster = ClusterClientOptions.Resolve(configuration, options.ClusterConnectionString);
        if (cluster is not null)
            return await StartClusterClientAsync(cluster, configuration, cancellationToken);

        var dataDirectory = DataDirectory.Resolve(options.DataDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var ownership = EmbeddedSiloLock.TryAcquire(dataDirectory);
            if (ownership is not null)
                return await StartOwnedAsync(dataDirectory, options, ownership, cancellationToken);
            try
            {
                return await StartEmbeddedClientAsync(dataDirectory, cancellationToken);
            }
            catch (SweepHostException) when (attempt < EmbeddedClientAttempts)
            {
                // The hosting process may be shutting down (gateway closed, lock not yet released): look again.
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    private const int EmbeddedClientAttempts = 4;

    private async Task<SweepSession> StartOwnedAsync(string dataDirectory, SweepHostOptions options, EmbeddedSiloLock ownership, CancellationToken cancellationToken)
    {
        try
        {
            return await StartEmbeddedSiloAsync(dataDirectory, options, ownership, cancellationToken);
        }
        catch
        {
            ownership.Dispose();
            throw;
        }
    }

    private async Task<SweepSession> StartEmbeddedSiloAsync(string dataDirectory, SweepHostOptions options, EmbeddedSiloLock ownership, CancellationToken cancellationToken)
    {
        var gatewayPort = FreePorts.Pick();
        var builder = NewBuilder(null);
        try
        {
            builder.UseEmbeddedSilo(o =>
            {
                o.DataDirectory = dataDirectory;
                o.GatewayPort = gatewayPort;
                if (options.CpuSlots is { } slots)
                    o.CpuSlots = slots;
                o.GpuDevices = [.. options.GpuDevices ?? []];
            });
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            throw new SweepHostException(string.Join(Environment.NewLine, e.Failures), isUsageError: true);
        }
        // Workers of an embedded silo live in this process: they cannot be lost while it runs, and a restart
        // starts a fresh scheduler. A short lease could only cancel a long job (base-model pretraining) whose
        // heartbeats are late on a CPU-starved machine, so leases last the maximum here.
        builder.Services.Configure<OrchestrationOptions>(o => o.LeaseDuration = EmbeddedLeaseDuration);
        RegisterExecutors(builder.Services, dataDirectory);
        var host = await StartHostAsync(builder, $"the embedded silo in {dataDirectory}", cancellationToken);
        ownership.PublishGateway(gatewayPort);
        return new SweepSession(host, host.Services.GetRequiredService<SweepClient>(), SweepSessionMode.EmbeddedSilo, dataDirectory, ownership);
    }

    private async Task<SweepSession> StartEmbeddedClientAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var port = EmbeddedSiloLock.ReadGateway(dataDirectory)
            ?? throw new SweepHostException($"Another lorasculpt process is starting or stopping the embedded silo in {dataDirectory}; try again in a moment.");
        var builder = NewBuilder(null);
        builder.UseOrleansClient(client => client.UseEmbeddedSiloGateway(port));
        builder.Services.AddSweepClient();
        var host = await StartHostAsync(builder, $"the lorasculpt process hosting {dataDirectory} (gateway port {port})", cancellationToken);
        return new SweepSession(host, host.Services.GetRequiredService<SweepClient>(), SweepSessionMode.EmbeddedClient, dataDirectory, null);
    }

    private async Task<SweepSession> StartClusterClientAsync(ClusterClientOptions cluster, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var builder = NewBuilder(configuration);
        try
        {
            builder.UseLoRASculptClusterClient(cluster);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            throw new SweepHostException("Invalid cluster settings: " + string.Join("; ", e.Failures), isUsageError: true);
        }
        var location = $"cluster {cluster.ServiceId}/{cluster.ClusterId}";
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(cluster.ConnectTimeout);
        IHost host;
        try
        {
            host = await StartHostAsync(builder, location, connect.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SweepHostException(
                $"Could not connect to {location} within {cluster.ConnectTimeout.TotalSeconds:0} s: no silo of that service and cluster id answered. "
                + "Check that the silos are running and use the same storage account and LORASCULPT_Cluster__ServiceId / LORASCULPT_Cluster__ClusterId "
                + "(Cluster:ConnectTimeout sets the wait).");
        }
        return new SweepSession(host, host.Services.GetRequiredService<SweepClient>(), SweepSessionMode.Cluster, location, null);
    }

    private HostApplicationBuilder NewBuilder(IConfiguration? configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (configuration is not null)
            builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        if (LogLevel is { } level)
        {
            builder.Logging.SetMinimumLevel(level);
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    private static async Task<IHost> StartHostAsync(HostApplicationBuilder builder, string what, CancellationToken cancellationToken)
    {
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw;
        }
        catch (Exception e)
        {
            host.Dispose();
            // Messages of connection failures name endpoints, never the connection string (Hosting strips secrets).
            throw new SweepHostException($"Could not start {what}: {e.GetBaseException().Message}", inner: e);
        }
    }
}

/// <summary>The sweep host could not start. <see cref="IsUsageError"/>: the configuration given was invalid (exit code 2).</summary>
public sealed class SweepHostException(string message, bool isUsageError = false, Exception? inner = null) : Exception(message, inner)
{
    public bool IsUsageError { get; } = isUsageError;
}
