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
    /// <summary>"native" lets libtorch use every instruction set the CPU has (faster, results then depend on the CPU).</summary>
    public const string CpuIsaVariable = "LORASCULPT_CPU_ISA";

    public const string NativeIsa = "native";

    /// <summary>
    /// The CPU code paths capped at AVX2 (MKL's conditional numerical reproducibility, oneDNN's ISA, ATen's kernels).
    /// Each lever changes fine-tuning's bits on an AVX-512 CPU (measured: a 30-step trial's adapter differs in ~6 % of
    /// its entries, by up to 3e-6, with any one of them), so uncapped results differ between CPUs with different
    /// instruction sets; capped, every AVX2-capable x64 CPU runs the same kernels. Measured cost on a 2-core AMD EPYC
    /// (AVX-512): 0-25 % per fine-tuning step, within the noise of a shared machine. A variable the user set wins.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> ReproducibleCpuIsa { get; } =
    [
        ("MKL_CBWR", "AVX2,STRICT"),
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),
        ("ATEN_CPU_CAPABILITY", "avx2"),
    ];

    private static readonly Lock Gate = new();
    private static bool applied;

#pragma warning disable CA2255 // Deliberate: libgomp reads its environment once, when libtorch loads.
    [ModuleInitializer]
    internal static void Initialize() => Apply();
#pragma warning restore CA2255

    /// <summary>What this process's CPU kernels are, for results' notes: "avx2 (...)" or "native".</summary>
    public static string CpuIsaNote { get; private set; } = NativeIsa;

    /// <summary>
    /// OpenMP threads spin at barriers by default. When the cores are shared (another process, other worker slots,
    /// CI running test projects side by side) one descheduled thread keeps its peers spinning for whole time slices:
    /// micro-llava pretraining ran at 0.45 steps/s that way against 19 steps/s with passive waiting, on 2 shared
    /// cores. A user's own OMP_WAIT_POLICY wins. .NET's SetEnvironmentVariable does not reach native getenv, hence setenv.
    /// Then the CPU instruction-set caps of <see cref="ReproducibleCpuIsa"/>, unless LORASCULPT_CPU_ISA=native.
    /// </summary>
    public static void Apply()
    {
        lock (Gate)
        {
            if (applied) return;
            applied = true;
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
            SetIfUnset("OMP_WAIT_POLICY", "PASSIVE");
            if (string.Equals(Environment.GetEnvironmentVariable(CpuIsaVariable), NativeIsa, StringComparison.OrdinalIgnoreCase))
                return;
            foreach (var (name, value) in ReproducibleCpuIsa)
                SetIfUnset(name, value);
            CpuIsaNote = string.Join(" ", ReproducibleCpuIsa.Select(v => $"{v.Name}={Environment.GetEnvironmentVariable(v.Name) ?? v.Value}"));
        }
    }

    private static void SetIfUnset(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
            _ = SetEnv(name, value, overwrite: 0);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
