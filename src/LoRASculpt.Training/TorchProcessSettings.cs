using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LoRASculpt.Training;

/// <summary>
/// Native process settings that must be in place before libtorch (and its OpenMP runtime) loads. Applied by this
/// assembly's module initializer, so anything that uses the training core gets them; code that calls TorchSharp
/// before touching this assembly (some tests) calls <see cref="Apply"/> itself.
/// </summary>
public static class TorchProcessSettings
{
#pragma warning disable CA2255 // Deliberate: libgomp reads its environment once, when libtorch loads.
    [ModuleInitializer]
    internal static void Initialize() => Apply();
#pragma warning restore CA2255

    /// <summary>
    /// OpenMP threads spin at barriers by default. When the cores are shared (another process, other worker slots,
    /// CI running test projects side by side) one descheduled thread keeps its peers spinning for whole time slices:
    /// micro-llava pretraining ran at 0.45 steps/s that way against 19 steps/s with passive waiting, on 2 shared
    /// cores. A user's own OMP_WAIT_POLICY wins. .NET's SetEnvironmentVariable does not reach native getenv, hence setenv.
    /// </summary>
    public static void Apply()
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
