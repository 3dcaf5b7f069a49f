namespace LoRASculpt.Hosting;

/// <summary>
/// One silo of a LoRASculpt cluster (configuration section "Cluster"; environment variables
/// LORASCULPT_Cluster__Key in the silo host). Validated at start by <see cref="ClusterSiloOptionsValidator"/>.
/// </summary>
public sealed class ClusterSiloOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Stable across deployments: grain state and reminders are keyed by it.</summary>
    public string ServiceId { get; set; } = OrleansIds.Service;

    /// <summary>The silos that form one cluster share it; a redeployment may use a new one.</summary>
    public string ClusterId { get; set; } = OrleansIds.DefaultCluster;

    /// <summary>Azure Storage connection string for membership, grain state, reminders and artifacts. A secret: never logged.</summary>
    public string StorageConnectionString { get; set; } = "";

    /// <summary>Blob container for artifacts (base models, adapters, checkpoints, evaluation outputs).</summary>
    public string ArtifactContainer { get; set; } = "lorasculpt-artifacts";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (the CLI) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at; empty: the host's default address.</summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>Worker slots on the CPU, used when the silo has no GPU slot (0: a silo that only hosts grains).</summary>
    public int CpuSlots { get; set; } = 1;

    /// <summary>Worker slots on GPUs (one per device, cuda:0..N-1); the silo host fills it from TorchSharp when not configured.</summary>
    public int GpuSlots { get; set; }

    /// <summary>How long a silo waits for a probe answer; with <see cref="MissedProbesLimit"/> it sets how fast a dead silo is declared dead.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How long a graceful stop may take (the host's shutdown timeout). Twice this after a stop began, the process
    /// exits even if cluster storage is unreachable and Orleans is still retrying its goodbye writes.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
