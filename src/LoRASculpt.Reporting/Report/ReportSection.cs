using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Reporting.Report;

/// <summary>
/// One section of a report on one target task: the sweep that ran it, what it ablates, and its files (relative to
/// the report's folder).
/// </summary>
/// <param name="Name">The section's name, e.g. "density".</param>
/// <param name="Title">A heading, e.g. "Density (kept fraction of A and B)".</param>
/// <param name="ChancePercent">The target's chance level when it is multiple choice (25 for 4 options), else null.</param>
public sealed record ReportSection(
    string Name,
    string Title,
    string Target,
    SweepResults Results,
    double? ChancePercent,
    string ResultsFolder,
    IReadOnlyList<string> Plots);
