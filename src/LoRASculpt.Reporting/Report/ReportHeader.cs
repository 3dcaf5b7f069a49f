namespace LoRASculpt.Reporting.Report;

/// <summary>What a report's header says about how it was made: the command, what it measured on, where, when, how long.</summary>
public sealed record ReportHeader(
    string Command,
    string BaseModel,
    /// <summary>SHA-256 of the base model's shipped weights file, or null when the base is not shipped (pretrained, a checkpoint).</summary>
    string? BaseModelSha256,
    string Cpu,
    int Cores,
    string OperatingSystem,
    DateTimeOffset Started,
    TimeSpan WallTime,
    /// <summary>/proc/loadavg's 1, 5 and 15 minute averages when the command started and when it ended.</summary>
    string LoadAtStart,
    string LoadAtEnd,
    /// <summary>Lines the run adds to the header verbatim, e.g. which sections were cut and why.</summary>
    IReadOnlyList<string> Notes);
