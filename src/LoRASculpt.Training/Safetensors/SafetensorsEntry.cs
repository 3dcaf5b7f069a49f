namespace LoRASculpt.Training.Safetensors;

/// <summary>One tensor of a safetensors file, decoded to float32 values in row-major order.</summary>
public sealed record SafetensorsEntry(string Name, SafetensorsDType StoredAs, long[] Shape, float[] Values)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
