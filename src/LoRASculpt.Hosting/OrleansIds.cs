namespace LoRASculpt.Hosting;

/// <summary>
/// The Orleans service and cluster ids, in one place. Grain state and reminders are keyed by the service id, so every
/// silo and client of one deployment must use the same one.
/// </summary>
public static class OrleansIds
{
    /// <summary>The service id of the embedded silo, and of a cluster unless Cluster:ServiceId says otherwise.</summary>
    public const string Service = "lorasculpt";

    /// <summary>The embedded silo's cluster: the silo in one CLI process, and the CLI processes that reach it through its gateway.</summary>
    public const string EmbeddedCluster = "lorasculpt-embedded";

    /// <summary>A cluster's id unless Cluster:ClusterId says otherwise (a redeployment may use a new one).</summary>
    public const string DefaultCluster = "default";
}
