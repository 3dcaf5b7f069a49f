using System.CommandLine;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Sweeps.Builtin;

namespace LoRASculpt.Cli.Commands.Report;

/// <summary>
/// <c>lorasculpt report</c>: runs the paper-style report's sections (shipped sweeps report-*) on both target tasks with
/// N seeds on the embedded silo (or a cluster), then writes OUT/README.md with every section's table, the knob-effect and
/// below-chance checks, and each section's CSV/JSON/Markdown/PNG results folder. Trials already completed in the data
/// directory are reused, as with <c>sweep run</c>.
/// </summary>
public static class ReportCommand
{
    public const string DefaultOutput = "docs/results";

    public static Command Create(SweepCommandContext? context = null)
    {
        var globals = new SweepGlobalOptions();
        var b = new SweepCommandBase(context ?? new SweepCommandContext(), globals);
        var output = new Option<string>("--out") { Description = $"Folder the report is written to (default {DefaultOutput}).", DefaultValueFactory = _ => DefaultOutput };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per grid point (default 3).", DefaultValueFactory = _ => ReportSweeps.ShippedSeeds };
        var sections = new Option<string[]>("--sections")
        {
            Description = $"Sections to run, comma-separated (default all: {string.Join(",", ReportSweeps.Sections.Select(s => s.Name))}).",
            AllowMultipleArgumentsPerToken = true,
        };
        var targets = new Option<string[]>("--targets")
        {
            Description = $"Target tasks, comma-separated (default both: {string.Join(",", BenchmarkTasks.TargetNames)}).",
            AllowMultipleArgumentsPerToken = true,
        };
        var notes = new Option<string[]>("--note") { Description = "A line to add to the report's header (repeatable), e.g. what was cut to fit a time budget." };
        var notesFile = new Option<string?>("--notes-file") { Description = "A file whose non-blank lines are added to the report's header, after the --note lines." };
        // Tests run the same sections with trials that only wait; not for users, so hidden from --help.
        var trialKind = new Option<string?>("--trial-kind") { Hidden = true };
        seeds.Validators.Add(r =>
        {
            if (r.Tokens is [var t] && int.TryParse(t.Value, out var n) && n is < 1 or > 100)
                r.AddError($"--seeds must be between 1 and 100, got {n}.");
        });

        var command = new Command("report",
            "Run the paper-style report: every method at its defaults, LoRA at several learning rates, and LoRASculpt's ablations " +
            "(components, density, alpha, beta), on both target tasks with several seeds; write Markdown tables, CSV/JSON and PNG plots to --out." +
            Environment.NewLine + SweepExitCodes.Help);
        foreach (var option in globals.All.Concat([output, seeds, sections, targets, notes, notesFile, trialKind]))
            command.Options.Add(option);
        b.SetAction(command, async (parse, signals) =>
        {
            var request = new ReportRequest(
                Output: parse.GetValue(output)!,
                Seeds: parse.GetValue(seeds),
                Sections: Names(parse.GetValue(sections), ReportSweeps.Sections.Select(s => s.Name).ToArray(), "section"),
                Targets: Names(parse.GetValue(targets), BenchmarkTasks.TargetNames, "target"),
                Notes: [.. parse.GetValue(notes) ?? [], .. NotesFrom(parse.GetValue(notesFile))],
                TrialKind: parse.GetValue(trialKind),
                CommandLine: "lorasculpt " + string.Join(' ', parse.Tokens.Select(t => Quote(t.Value))));
            return await new ReportRunner(b, parse, signals).RunAsync(request);
        });
        return command;
    }

    /// <summary>Comma-separated or repeated names, each one of <paramref name="known"/>; none given = all of them.</summary>
    private static string[] Names(string[]? given, IReadOnlyList<string> known, string what)
    {
        var names = (given ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray();
        if (names.FirstOrDefault(n => !known.Contains(n)) is { } unknown)
            throw new UsageException($"error: unknown {what} '{unknown}' (known: {string.Join(", ", known)})");
        return names.Length == 0 ? [.. known] : [.. known.Where(names.Contains)];
    }

    private static IEnumerable<string> NotesFrom(string? file)
    {
        if (file is null)
            return [];
        try
        {
            return File.ReadAllLines(file).Where(l => l.Trim().Length > 0).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"error: cannot read --notes-file '{file}': {e.Message}");
        }
    }

    private static string Quote(string token) => token.Any(char.IsWhiteSpace) || token.Contains('\'') ? $"'{token}'" : token;
}
