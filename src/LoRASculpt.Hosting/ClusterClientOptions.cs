using LoRASculpt.Hosting.Security;
using Microsoft.Extensions.Configuration;

namespace LoRASculpt.Hosting;

/// <summary>
/// How a client (the CLI) finds a cluster: gateways are discovered in the membership table of the
/// Azure Storage account. Null from <see cref="Resolve"/> means embedded mode.
/// </summary>
public sealed class ClusterClientOptions
{
    /// <summary>Environment variable holding the cluster's storage connection string.</summary>
    public const string ConnectionStringVariable = "LORASCULPT_CLUSTER";

    public string ServiceId { get; set; } = OrleansIds.Service;

    public string ClusterId { get; set; } = OrleansIds.DefaultCluster;

    /// <summary>A secret: never logged.</summary>
    public string StorageConnectionString { get; set; } = "";

    public string ArtifactContainer { get; set; } = "lorasculpt-artifacts";

    public ClusterTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// How long one call waits for its reply. A call that reached a silo just as it died waits this long before it
    /// is retried, so a watching client (progress view, scripts) may want it shorter than Orleans' 30 s.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long connecting may take before the client gives up with an error: with no silo of this service and cluster
    /// id in the membership table (wrong ids, silos not started), Orleans would otherwise keep looking forever.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cluster to connect to, or null for embedded mode. The connection string comes from
    /// <paramref name="connectionStringOption"/> (a CLI option), else Cluster:StorageConnectionString,
    /// else the LORASCULPT_CLUSTER variable; ids and TLS from the "Cluster" and "Tls" sections.
    /// </summary>
    public static ClusterClientOptions? Resolve(IConfiguration configuration, string? connectionStringOption = null)
    {
        var section = configuration.GetSection(ClusterSiloOptions.SectionName);
        var connectionString = FirstNonEmpty(
            connectionStringOption,
            section[nameof(ClusterSiloOptions.StorageConnectionString)],
            Environment.GetEnvironmentVariable(ConnectionStringVariable));
        if (connectionString is null)
            return null;
        var options = new ClusterClientOptions { StorageConnectionString = connectionString };
        options.ServiceId = section[nameof(ServiceId)] ?? options.ServiceId;
        options.ClusterId = section[nameof(ClusterId)] ?? options.ClusterId;
        options.ArtifactContainer = section[nameof(ClusterSiloOptions.ArtifactContainer)] ?? options.ArtifactContainer;
        options.ResponseTimeout = TimeSpanSetting(section, nameof(ResponseTimeout)) ?? options.ResponseTimeout;
        options.ConnectTimeout = TimeSpanSetting(section, nameof(ConnectTimeout)) ?? options.ConnectTimeout;
        options.Tls = configuration.GetSection(ClusterTlsOptions.SectionName).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        return options;
    }

    /// <summary>Messages name the key; the connection string's value never appears.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        ClusterValidation.Identifier(failures, nameof(ServiceId), ServiceId);
        ClusterValidation.Identifier(failures, nameof(ClusterId), ClusterId);
        ClusterValidation.ConnectionString(failures, nameof(StorageConnectionString), StorageConnectionString);
        ClusterValidation.Container(failures, nameof(ArtifactContainer), ArtifactContainer);
        if (ResponseTimeout < TimeSpan.FromSeconds(1) || ResponseTimeout > TimeSpan.FromMinutes(10))
            failures.Add($"Cluster:ResponseTimeout must be between 00:00:01 and 00:10:00; got {ResponseTimeout}.");
        if (ConnectTimeout < TimeSpan.FromSeconds(1) || ConnectTimeout > TimeSpan.FromMinutes(10))
            failures.Add($"Cluster:ConnectTimeout must be between 00:00:01 and 00:10:00; got {ConnectTimeout}.");
        var tls = new ClusterTlsOptionsValidator().Validate(null, Tls);
        if (tls.Failed)
            failures.AddRange(tls.Failures);
        return failures;
    }

    private static TimeSpan? TimeSpanSetting(IConfigurationSection section, string key) =>
        section[key] is not { } text ? null
        : TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new FormatException($"Cluster:{key} '{text}' is not a time span (e.g. 00:00:10).");

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
