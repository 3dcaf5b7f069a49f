using System.Runtime.CompilerServices;

namespace LoRASculpt.Training.Tests.Safetensors;

/// <summary>Fixtures/golden.safetensors, written by Fixtures/make_golden_safetensors.py (an independent Python implementation of the format).</summary>
internal static class GoldenFile
{
    public static string Path => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(SourceFile())!, "Fixtures", "golden.safetensors");

    // The fixture sits next to the test sources; reading it from there needs no copy-to-output entry in the project file.
    private static string SourceFile([CallerFilePath] string path = "") => path;
}
