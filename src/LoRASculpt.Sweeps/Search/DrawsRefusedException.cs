namespace LoRASculpt.Sweeps.Search;

/// <summary>A random search could not draw a value the catalogue accepts for <see cref="Parameter"/> (e.g. a normal far outside its range).</summary>
public sealed class DrawsRefusedException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
