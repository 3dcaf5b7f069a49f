namespace LoRASculpt.Cli.Commands.Report;

/// <summary>What <c>lorasculpt report</c> was asked to run and where to write it.</summary>
/// <param name="TrialKind">Null: the sections' own (torch); "synthetic" in tests.</param>
/// <param name="CommandLine">The command as typed, for the report's header.</param>
internal sealed record ReportRequest(
    string Output,
    int Seeds,
    IReadOnlyList<string> Sections,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Notes,
    string? TrialKind,
    string CommandLine);
