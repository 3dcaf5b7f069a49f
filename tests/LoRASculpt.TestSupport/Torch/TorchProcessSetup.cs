using System.Runtime.CompilerServices;

namespace LoRASculpt.TestSupport;

/// <summary>Tests may call TorchSharp before any training-core type loads: apply the native settings first.</summary>
internal static class TorchProcessSetup
{
#pragma warning disable CA2255 // Deliberate: libgomp reads its environment once, when libtorch loads.
    [ModuleInitializer]
    internal static void Initialize() => LoRASculpt.Training.TorchProcessSettings.Apply();
#pragma warning restore CA2255
}
