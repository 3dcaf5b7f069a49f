using System.ComponentModel.DataAnnotations;
using LoRASculpt.Client;
using LoRASculpt.Grains;
using LoRASculpt.Storage.Files;
using LoRASculpt.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Hosting;

/// <summary>Hosting one local silo inside the CLI process (the default when no cluster is configured).</summary>
public static class EmbeddedSiloExtensions
{
    /// <summary>
    /// Adds an in-process silo on free loopback ports with durable state under the data directory: the LoRASculpt silo
    /// parts (<see cref="LoRASculptSiloExtensions.AddLoRASculpt"/>) with <see cref="EmbeddedSiloOptions.CpuSlots"/> worker
    /// slots, on SQLite and file providers. Register executor
    /// factories separately (<c>services.AddJobExecutorFactory&lt;T&gt;()</c>). Invalid options throw
    /// <see cref="OptionsValidationException"/> here, naming each bad setting.
    /// </summary>
    public static IHostApplicationBuilder UseEmbeddedSilo(this IHostApplicationBuilder builder, Action<EmbeddedSiloOptions>? configure = null)
    {
        var options = new EmbeddedSiloOptions();
        configure?.Invoke(options);
        Validate(options);
        var dataDirectory = DataDirectory.Resolve(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var (siloPort, gatewayPort) = FreePorts.Pair(options.SiloPort, options.GatewayPort);
        builder.Services.AddSingleton(Options.Create(options));

        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort, serviceId: OrleansIds.Service, clusterId: OrleansIds.EmbeddedCluster)
            .AddEmbeddedStorage(dataDirectory)
            .AddLoRASculpt(
                orchestration => orchestration.ResumeSweepsOnStartup = options.ResumeSweepsOnStartup,
                slots =>
                {
                    slots.CpuSlots = options.CpuSlots;
                    slots.GpuDevices = [.. options.GpuDevices];
                }));
        builder.Services.AddSweepClient();
        return builder;
    }

    /// <summary>Connects a client to the embedded silo that another process hosts, through that silo's loopback gateway.</summary>
    public static IClientBuilder UseEmbeddedSiloGateway(this IClientBuilder client, int gatewayPort) =>
        client.UseLocalhostClustering(gatewayPort, OrleansIds.Service, OrleansIds.EmbeddedCluster);

    /// <summary>Grain state in <c>{dataDirectory}/state.db</c> (SQLite) and artifacts under <c>{dataDirectory}/artifacts</c>.</summary>
    public static ISiloBuilder AddEmbeddedStorage(this ISiloBuilder builder, string dataDirectory)
    {
        builder.AddSqliteGrainStorage(OrchestrationStorage.Name, o => o.DatabasePath = DataDirectory.StateDatabase(dataDirectory));
        builder.UseSqliteReminderService(o => o.DatabasePath = DataDirectory.StateDatabase(dataDirectory)); // re-evaluation schedules
        builder.Services.AddFileArtifactStore(DataDirectory.Artifacts(dataDirectory));
        return builder;
    }

    private static void Validate(EmbeddedSiloOptions options)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            throw new OptionsValidationException(nameof(EmbeddedSiloOptions), typeof(EmbeddedSiloOptions), results.Select(r => r.ErrorMessage ?? "invalid value"));
    }
}
