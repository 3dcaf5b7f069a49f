using System.Runtime.InteropServices;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Finetuning;

namespace LoRASculpt.Execution;

/// <summary>
/// Which torch failures a retry cannot fix: a diverging loss, invalid settings and running out of memory
/// are deterministic; anything else (I/O, storage, a lost file) is treated as transient.
/// </summary>
public static class JobFailureClassifier
{
    public static JobFailedException Classify(Exception exception) => exception switch
    {
        JobFailedException failed => failed,
        NonFiniteLossException e => new(JobFailureKind.Deterministic, e.Message, e),
        SettingsValidationException e => new(JobFailureKind.Deterministic, e.Message, e),
        OutOfMemoryException e => new(JobFailureKind.Deterministic, $"out of memory: {e.Message}", e),
        _ when IsTorchOutOfMemory(exception) => new(JobFailureKind.Deterministic, $"out of memory: {exception.Message}", exception),
        _ => new(JobFailureKind.Transient, exception.Message, exception),
    };

    /// <summary>libtorch reports allocation failures as native errors with these phrases (CPU and CUDA allocators).</summary>
    private static bool IsTorchOutOfMemory(Exception exception) =>
        exception is ExternalException or InvalidOperationException &&
        (exception.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) ||
         exception.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase) ||
         exception.Message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase));
}
