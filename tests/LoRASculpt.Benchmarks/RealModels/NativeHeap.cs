using System.Runtime.InteropServices;

namespace LoRASculpt.Benchmarks.RealModels;

/// <summary>
/// Returns glibc's free heap pages to the kernel. libtorch frees tensors below malloc's mmap threshold into the heap,
/// where they stay resident; without a trim the checkpoint load would reuse the generator's freed pages and its RSS
/// increase would understate what a fresh process needs.
/// </summary>
internal static class NativeHeap
{
    /// <returns>False off glibc (nothing to do or no way to do it).</returns>
    public static bool TryTrim()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
