namespace LoRASculpt.Core.Models;

/// <summary>Parameter dtype names as config.json's torch_dtype spells them.</summary>
public static class TorchDtypes
{
    public const string Float32 = "float32";
    public const string BFloat16 = "bfloat16";
    public const string Float16 = "float16";

    public static IReadOnlyList<string> Names { get; } = [Float32, BFloat16, Float16];

    public static bool IsKnown(string name) => Names.Contains(name);
}
