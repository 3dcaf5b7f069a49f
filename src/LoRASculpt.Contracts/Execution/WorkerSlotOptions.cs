using System.ComponentModel.DataAnnotations;

namespace LoRASculpt.Contracts.Execution;

/// <summary>The worker slots this silo offers: one per GPU device, or <see cref="CpuSlots"/> CPU slots when no GPU is listed.</summary>
public sealed class WorkerSlotOptions : IValidatableObject
{
    public const string Section = "Workers";

    /// <summary>CPU worker slots when <see cref="GpuDevices"/> is empty (0 = this silo runs no jobs).</summary>
    [Range(0, 256)]
    public int CpuSlots { get; set; } = 1;

    /// <summary>GPU devices ("cuda:0", "cuda:1", ...), one worker each; detected by the silo host.</summary>
    public List<string> GpuDevices { get; set; } = [];

    /// <summary>The device of each slot, in slot order.</summary>
    public IReadOnlyList<string> Devices() =>
        GpuDevices.Count > 0 ? GpuDevices : Enumerable.Repeat("cpu", CpuSlots).ToArray();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var device in GpuDevices)
        {
            if (!device.StartsWith("cuda:", StringComparison.Ordinal) || !int.TryParse(device.AsSpan(5), out var index) || index < 0)
                yield return new ValidationResult($"GPU device '{device}' is not of the form 'cuda:N'.", [nameof(GpuDevices)]);
        }
        if (GpuDevices.Distinct(StringComparer.Ordinal).Count() != GpuDevices.Count)
            yield return new ValidationResult("GPU devices are listed more than once.", [nameof(GpuDevices)]);
    }
}
