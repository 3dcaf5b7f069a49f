using System.Net;
using Azure.Data.Tables;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Grains;
using LoRASculpt.Hosting.Security;
using LoRASculpt.Storage.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;

namespace LoRASculpt.Hosting;

/// <summary>
/// Cluster mode: the same silo parts as the embedded silo (<see cref="LoRASculptSiloExtensions.AddLoRASculpt"/>), on
/// Azure providers. Membership, grain state and reminders in Azure Tables, artifacts in Azure Blob storage, TLS when a
/// certificate is configured.
/// </summary>
public static class ClusterSiloExtensions
{
    /// <summary>
    /// Makes this host a cluster silo configured from the "Cluster", "Orchestration" and "Tls" sections:
    /// the LoRASculpt silo parts, this silo's worker slots (Cluster:GpuSlots, one per GPU, else
    /// Cluster:CpuSlots), and the Azure providers. Cluster options are validated at start; TLS settings
    /// when the host is built (certificates load then). Executor factories are registered by the caller
    /// (<c>AddSyntheticJobExecutor</c>, the torch one). <paramref name="namedStores"/> are grain storage
    /// names used besides <see cref="OrchestrationStorage.Name"/> and the default.
    /// </summary>
    public static IHostApplicationBuilder UseLoRASculptCluster(
        this IHostApplicationBuilder builder,
        IEnumerable<string>? namedStores = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var services = builder.Services;
        services.AddOptions<ClusterSiloOptions>()
            .Bind(builder.Configuration.GetSection(ClusterSiloOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterSiloOptions>, ClusterSiloOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<ClusterSiloOptions>>((host, silo) => host.ShutdownTimeout = silo.Value.ShutdownTimeout);
        services.AddHostedService<ShutdownDeadline>();

        services.AddOptions<ClusterOptions>().Configure<IOptions<ClusterSiloOptions>>((cluster, silo) =>
        {
            cluster.ServiceId = silo.Value.ServiceId;
            cluster.ClusterId = silo.Value.ClusterId;
        });
        services.AddOptions<EndpointOptions>().Configure<IOptions<ClusterSiloOptions>>((endpoints, silo) => ConfigureEndpoints(endpoints, silo.Value));
        services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<ClusterSiloOptions>>((membership, silo) =>
        {
            membership.ProbeTimeout = silo.Value.ProbeTimeout;
            membership.NumMissedProbesLimit = silo.Value.MissedProbesLimit;
        });

        services.AddOptions<BlobArtifactStoreOptions>().Configure<IOptions<ClusterSiloOptions>>((artifacts, silo) =>
        {
            artifacts.ConnectionString = silo.Value.StorageConnectionString;
            artifacts.ContainerName = silo.Value.ArtifactContainer;
        });
        services.AddSingleton<IArtifactStore, BlobArtifactStore>();

        services.AddOptions<OrchestrationOptions>().Bind(builder.Configuration.GetSection(OrchestrationOptions.Section));
        services.AddOptions<WorkerSlotOptions>().Configure<IOptions<ClusterSiloOptions>>((slots, silo) =>
        {
            slots.CpuSlots = silo.Value.CpuSlots;
            slots.GpuDevices = Enumerable.Range(0, silo.Value.GpuSlots).Select(i => $"cuda:{i}").ToList();
        });

        var tls = builder.Configuration.GetSection(ClusterTlsOptions.SectionName).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        var stores = (namedStores ?? []).Prepend(OrchestrationStorage.Name).Distinct(StringComparer.Ordinal).ToArray();

        builder.UseOrleans(silo =>
        {
            silo.UseAzureStorageClustering(options => options.Configure<IOptions<ClusterSiloOptions>>((clustering, cluster) =>
            {
                clustering.TableName = ClusterStorageNames.MembershipTable;
                if (TableClient(cluster.Value) is { } client)
                    clustering.TableServiceClient = client;
            }));
            silo.AddAzureTableGrainStorageAsDefault(options => ConfigureGrainStorage(options, ClusterStorageNames.GrainStateTable));
            foreach (var store in stores)
                silo.AddAzureTableGrainStorage(store, options => ConfigureGrainStorage(options, ClusterStorageNames.GrainStateTableFor(store)));
            silo.UseAzureTableReminderService(options => options.Configure<IOptions<ClusterSiloOptions>>((reminders, cluster) =>
            {
                reminders.TableName = ClusterStorageNames.RemindersTable;
                if (TableClient(cluster.Value) is { } client)
                    reminders.TableServiceClient = client;
            }));
            silo.UseLoRASculptTls(tls);

            // A cluster continues running sweeps after a full restart by itself; "Orchestration" can override.
            silo.AddLoRASculpt(orchestration => orchestration.ResumeSweepsOnStartup = true);
            configureSilo?.Invoke(silo);
        });
        return builder;
    }

    private static void ConfigureGrainStorage(OptionsBuilder<AzureTableStorageOptions> options, string tableName) =>
        options.Configure<IOptions<ClusterSiloOptions>, IServiceProvider>((storage, cluster, services) =>
        {
            storage.TableName = tableName;
            if (TableClient(cluster.Value) is { } client)
                storage.TableServiceClient = client;
            // Orleans' binary serializer: every persisted type is [GenerateSerializer] with [Id]s, so state
            // stays readable across versions and records with immutable collections round-trip exactly.
            storage.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
        });

    /// <summary>Null while the connection string is missing: the start-time validation then reports it by key.</summary>
    private static TableServiceClient? TableClient(ClusterSiloOptions options) =>
        string.IsNullOrWhiteSpace(options.StorageConnectionString) ? null : new TableServiceClient(options.StorageConnectionString);

    private static void ConfigureEndpoints(EndpointOptions endpoints, ClusterSiloOptions options)
    {
        endpoints.SiloPort = options.SiloPort;
        endpoints.GatewayPort = options.GatewayPort;
        if (options.AdvertisedIP is { Length: > 0 } text && IPAddress.TryParse(text, out var ip))
        {
            endpoints.AdvertisedIPAddress = ip;
            // Listen where we advertise: a loopback cluster stays on loopback.
            endpoints.SiloListeningEndpoint = new IPEndPoint(ip, options.SiloPort);
            endpoints.GatewayListeningEndpoint = new IPEndPoint(ip, options.GatewayPort);
        }
    }
}
