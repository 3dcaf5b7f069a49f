using Azure.Data.Tables;
using LoRASculpt.Client;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Hosting.Security;
using LoRASculpt.Storage.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace LoRASculpt.Hosting;

/// <summary>The CLI's side of cluster mode: an Orleans client that finds gateways through Azure Table membership.</summary>
public static class ClusterClientExtensions
{
    /// <summary>
    /// Connects this host's IClusterClient to the cluster described by <paramref name="options"/>
    /// (see <see cref="ClusterClientOptions.Resolve"/>) and registers the cluster's artifact store and the <see cref="SweepClient"/>, as embedded mode does.
    /// Throws <see cref="OptionsValidationException"/> naming the bad keys.
    /// </summary>
    public static IHostApplicationBuilder UseLoRASculptClusterClient(this IHostApplicationBuilder builder, ClusterClientOptions options)
    {
        var failures = options.Validate();
        if (failures.Count > 0)
            throw new OptionsValidationException(ClusterSiloOptions.SectionName, typeof(ClusterClientOptions), failures);

        builder.Services.AddOptions<BlobArtifactStoreOptions>().Configure(artifacts =>
        {
            artifacts.ConnectionString = options.StorageConnectionString;
            artifacts.ContainerName = options.ArtifactContainer;
        });
        builder.Services.AddSingleton<IArtifactStore, BlobArtifactStore>();
        builder.Services.AddSweepClient();

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ServiceId = options.ServiceId;
                cluster.ClusterId = options.ClusterId;
            });
            client.UseAzureStorageClustering(gateways =>
            {
                gateways.TableName = ClusterStorageNames.MembershipTable;
                gateways.TableServiceClient = new TableServiceClient(options.StorageConnectionString);
            });
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
            client.UseLoRASculptTls(options.Tls);
        });
        return builder;
    }
}
