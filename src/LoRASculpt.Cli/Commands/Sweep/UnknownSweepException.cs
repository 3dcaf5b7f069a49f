namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>No sweep matches the id or prefix given (exit code 4).</summary>
public sealed class UnknownSweepException(string idOrPrefix, string location)
    : Exception($"No sweep with id or id prefix '{idOrPrefix}' in {location}. List them with `lorasculpt sweep list`.");
