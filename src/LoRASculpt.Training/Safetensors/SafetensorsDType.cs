namespace LoRASculpt.Training.Safetensors;

/// <summary>Element types this reader understands. Files are always written as F32.</summary>
public enum SafetensorsDType
{
    F32,
    F16,
    BF16,
}

internal static class SafetensorsDTypes
{
    public static int ElementSize(SafetensorsDType dtype) => dtype == SafetensorsDType.F32 ? 4 : 2;

    public static SafetensorsDType Parse(string name) => name switch
    {
        "F32" => SafetensorsDType.F32,
        "F16" => SafetensorsDType.F16,
        "BF16" => SafetensorsDType.BF16,
        _ => throw new InvalidDataException($"Unsupported safetensors dtype '{name}' (supported: F32, F16, BF16)."),
    };
}
