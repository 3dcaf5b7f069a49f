using static TorchSharp.torch;

namespace LoRASculpt.Training.Safetensors;

/// <summary>
/// One tensor's header entry: its dtype as the file names it ("BF16"), the TorchSharp type it loads as,
/// its shape, and where its bytes lie (<see cref="DataBegin"/>/<see cref="DataEnd"/> relative to the end
/// of the header, as in the file; <see cref="FileOffset"/> absolute).
/// </summary>
public sealed record SafetensorsTensorInfo(string Name, string DType, ScalarType ScalarType, long[] Shape, long DataBegin, long DataEnd, long FileOffset)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public long ByteLength => DataEnd - DataBegin;

    public string ShapeText => FormatShape(Shape);

    internal static string FormatShape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
