namespace LoRASculpt.Execution;

/// <summary>
/// A base model reference found in none of the places a silo looks (configured directory, the path itself, the
/// artifact store), or a configured directory that is not a checkpoint. The message names each place and why it failed.
/// </summary>
public sealed class ModelNotFoundException(string message) : DirectoryNotFoundException(message);
