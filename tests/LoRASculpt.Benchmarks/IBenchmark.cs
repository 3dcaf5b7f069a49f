namespace LoRASculpt.Benchmarks;

/// <summary>A benchmark the dispatcher can run by name. Implementations live in their own folder and are found by reflection.</summary>
public interface IBenchmark
{
    /// <summary>The first command-line argument that selects it, e.g. "training".</summary>
    string Name { get; }

    string Description { get; }

    /// <returns>The process exit code.</returns>
    int Run(string[] args);
}
