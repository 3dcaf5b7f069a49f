using static TorchSharp.torch;

namespace LoRASculpt.Training.Safetensors;

/// <summary>
/// The safetensors dtype names the streaming reader and writer handle, and their TorchSharp scalar types.
/// Both store elements little-endian with the same width, so bytes move between file and tensor unchanged.
/// </summary>
internal static class SafetensorsScalarTypes
{
    private static readonly (string Name, ScalarType Type)[] Known =
    [
        ("F64", ScalarType.Float64),
        ("F32", ScalarType.Float32),
        ("F16", ScalarType.Float16),
        ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64),
        ("I32", ScalarType.Int32),
        ("I16", ScalarType.Int16),
        ("I8", ScalarType.Int8),
        ("U8", ScalarType.Byte),
        ("BOOL", ScalarType.Bool),
    ];

    public static string SupportedNames => string.Join(", ", Known.Select(k => k.Name));

    public static bool TryParse(string name, out ScalarType type)
    {
        foreach (var (known, scalar) in Known)
        {
            if (known != name) continue;
            type = scalar;
            return true;
        }
        type = default;
        return false;
    }

    public static string NameOf(ScalarType type)
    {
        foreach (var (name, scalar) in Known)
            if (scalar == type) return name;
        throw new NotSupportedException($"Tensors of type {type} cannot be written as safetensors (supported: {SupportedNames}).");
    }

    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new NotSupportedException($"Tensors of type {type} have no safetensors dtype (supported: {SupportedNames})."),
    };
}
