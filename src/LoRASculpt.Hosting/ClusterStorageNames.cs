namespace LoRASculpt.Hosting;

/// <summary>Azure Table names of a cluster, shared by every silo of a service.</summary>
public static class ClusterStorageNames
{
    public const string MembershipTable = "LoRASculptClusterMembers";
    public const string GrainStateTable = "LoRASculptGrainState";
    public const string RemindersTable = "LoRASculptReminders";
}
