using System.ComponentModel.DataAnnotations;

namespace LoRASculpt.Hosting;

/// <summary>The CLI's in-process silo: one machine, state in SQLite and artifacts as files under the data directory.</summary>
public sealed class EmbeddedSiloOptions : IValidatableObject
{
    public const string Section = "Embedded";

    /// <summary>Null: <c>LORASCULPT_DATA_DIR</c>, else ~/.lorasculpt (see <see cref="Hosting.DataDirectory"/>).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Worker slots; each runs one trial or eval shard at a time.</summary>
    [Range(1, 64, ErrorMessage = "Embedded: CpuSlots must be between 1 and 64 (each slot runs one job at a time).")]
    public int CpuSlots { get; set; } = 1;

    /// <summary>
    /// GPU worker slots ("cuda:0", "cuda:1", ...), one each; when given they replace the CPU slots. A device the build
    /// or host cannot use fails the start (see TorchDevices), never a silent CPU fallback.
    /// </summary>
    public List<string> GpuDevices { get; set; } = [];

    /// <summary>0 picks a free loopback port, so several CLI processes never collide.</summary>
    [Range(0, 65535, ErrorMessage = "Embedded: SiloPort must be 0 (pick a free port) or a TCP port.")]
    public int SiloPort { get; set; }

    [Range(0, 65535, ErrorMessage = "Embedded: GatewayPort must be 0 (pick a free port) or a TCP port.")]
    public int GatewayPort { get; set; }

    /// <summary>Resume every running sweep as soon as the silo starts (off: the CLI resumes explicitly).</summary>
    public bool ResumeSweepsOnStartup { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SiloPort != 0 && SiloPort == GatewayPort)
            yield return new ValidationResult($"Embedded: SiloPort and GatewayPort are both {SiloPort}; they must differ.", [nameof(SiloPort), nameof(GatewayPort)]);
        var directory = Hosting.DataDirectory.Resolve(DataDirectory);
        if (File.Exists(directory))
            yield return new ValidationResult($"Embedded: data directory '{directory}' is a file, not a directory.", [nameof(DataDirectory)]);
    }
}
