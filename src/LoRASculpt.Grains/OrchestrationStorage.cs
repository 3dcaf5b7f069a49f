namespace LoRASculpt.Grains;

/// <summary>The grain storage provider every orchestration grain persists to (SQLite in embedded mode, Azure Table in a cluster).</summary>
public static class OrchestrationStorage
{
    public const string Name = "lorasculpt";
}
