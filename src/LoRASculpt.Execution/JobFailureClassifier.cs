using System.Runtime.InteropServices;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Datasets;
using LoRASculpt.Training.Finetuning;

namespace LoRASculpt.Execution;

/// <summary>
/// Which torch failures a retry cannot fix: a diverging loss, invalid settings, running out of memory, and a
/// checkpoint, suite or dataset file that is missing or malformed are deterministic; anything else (I/O, storage,
/// a lost file) is treated as transient.
/// </summary>
public static class JobFailureClassifier
{
    public static JobFailedException Classify(Exception exception) => exception switch
    {
        JobFailedException failed => failed,
        NonFiniteLossException e => new(JobFailureKind.Deterministic, e.Message, e),
        SettingsValidationException e => new(JobFailureKind.Deterministic, e.Message, e),
        ModelNotFoundException e => new(JobFailureKind.Deterministic, e.Message, e),
        CheckpointMismatchException e => new(JobFailureKind.Deterministic, FirstLine(e.Message), e),
        SuiteValidationException e => new(JobFailureKind.Deterministic, FirstLine(e.Message), e),
        DatasetFileException e => new(JobFailureKind.Deterministic, FirstLine(e.Message), e),
        InvalidDataException e => new(JobFailureKind.Deterministic, FirstLine(e.Message), e),
        OutOfMemoryException e => new(JobFailureKind.Deterministic, $"out of memory: {FirstLine(e.Message)}", e),
        _ when IsTorchOutOfMemory(exception) => new(JobFailureKind.Deterministic, $"out of memory: {FirstLine(exception.Message)}", exception),
        _ => new(JobFailureKind.Transient, $"{exception.GetType().Name}: {FirstLine(exception.Message)}", exception),
    };

    /// <summary>libtorch appends a native stack trace to its messages: the failure reason shown in tables keeps the first line.</summary>
    public static string FirstLine(string message) =>
        message.Split('\n', 2)[0].TrimEnd('\r', '.', ' ') is { Length: > 0 } line ? line : message;

    /// <summary>libtorch reports allocation failures as native errors with these phrases (CPU and CUDA allocators).</summary>
    private static bool IsTorchOutOfMemory(Exception exception) =>
        exception is ExternalException or InvalidOperationException &&
        (exception.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) ||
         exception.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase) ||
         exception.Message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase));
}
