namespace LoRASculpt.Training.Safetensors;

/// <summary>Everything read from a safetensors file: the "__metadata__" string map and the tensors by name.</summary>
public sealed record SafetensorsContent(
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, SafetensorsEntry> Tensors);
