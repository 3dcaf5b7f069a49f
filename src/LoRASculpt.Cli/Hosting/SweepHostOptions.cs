namespace LoRASculpt.Cli.Hosting;

/// <summary>How a sweep command gets its cluster: the global options of <c>lorasculpt sweep</c>.</summary>
public sealed record SweepHostOptions(
    /// <summary>--data-dir (else LORASCULPT_DATA_DIR, else ~/.lorasculpt); embedded mode only.</summary>
    string? DataDirectory,
    /// <summary>--cluster: the cluster's storage connection string (else LORASCULPT_CLUSTER); null = embedded.</summary>
    string? ClusterConnectionString,
    /// <summary>--cpu-slots of the embedded silo (null = default).</summary>
    int? CpuSlots,
    /// <summary>--gpu of the embedded silo: one worker slot per listed CUDA device (empty = CPU slots).</summary>
    IReadOnlyList<string>? GpuDevices = null);
