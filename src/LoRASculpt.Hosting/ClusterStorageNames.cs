namespace LoRASculpt.Hosting;

/// <summary>Azure Table names of a cluster, shared by every silo of a service.</summary>
public static class ClusterStorageNames
{
    public const string MembershipTable = "LoRASculptClusterMembers";
    public const string GrainStateTable = "LoRASculptGrainState";
    public const string RemindersTable = "LoRASculptReminders";

    /// <summary>
    /// A named store's own table: Azure Table grain storage keys rows by grain and state name only,
    /// so two stores sharing a table would overwrite each other's state of the same name.
    /// </summary>
    public static string GrainStateTableFor(string storeName)
    {
        var suffix = new string(storeName.Where(char.IsAsciiLetterOrDigit).ToArray());
        var name = GrainStateTable + suffix;
        if (suffix.Length == 0 || name.Length > 63)
            throw new ArgumentException($"Grain storage name '{storeName}' cannot name an Azure table: use 1-{63 - GrainStateTable.Length} letters or digits.", nameof(storeName));
        return name;
    }
}
