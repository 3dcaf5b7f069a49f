using System.CommandLine;
using System.Security.Cryptography;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Core.Benchmark.Generation;
using LoRASculpt.Reporting.Report;
using LoRASculpt.Sweeps.Builtin;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Cli.Commands.Report;

/// <summary>
/// Submits every (target, section) sweep of a report at once, follows each to its end as <c>sweep run</c> does (its
/// table printed, its results folder written under OUT/target/section), then writes OUT/README.md.
/// </summary>
internal sealed class ReportRunner(SweepCommandBase b, ParseResult parse, InterruptSignals signals)
{
    private const string ReadmeFile = "README.md";

    public async Task<int> RunAsync(ReportRequest request)
    {
        var specs = Plan(request);
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = MachineDescription.LoadAverage();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var output = Path.GetFullPath(request.Output);

        await using var session = await b.OpenAsync(parse, signals.Token);
        var submitted = new List<(string Section, string Target, string SweepId)>();
        foreach (var (section, target, spec) in specs)
        {
            var submission = await session.Client.SubmitAsync(spec);
            submitted.Add((section, target, submission.SweepId));
            b.Context.Output.WriteLine($"Submitted {spec.Name}: sweep {submission.SweepId}, {submission.Status.Total} trials ({submission.Status.Completed} already completed).");
        }

        var exit = SweepExitCodes.Success;
        var sections = new List<ReportSection>();
        foreach (var (section, target, sweepId) in submitted)
        {
            var folder = $"{target}/{section}";
            var code = await b.Follower(session, signals, parse).FollowAsync(sweepId, Path.Combine(output, target, section), writeFiles: true);
            if (code is SweepExitCodes.Interrupted or SweepExitCodes.SweepCancelled or SweepExitCodes.Failure)
                return code;
            exit = Math.Max(exit, code);
            var results = await session.Client.GetResultsAsync(sweepId) ?? throw new UnknownSweepException(sweepId, session.Location);
            var plots = Directory.GetFiles(Path.Combine(output, target, section), "*.png").Order(StringComparer.Ordinal)
                .Select(p => $"{folder}/{Path.GetFileName(p)}").ToArray();
            sections.Add(new ReportSection(section, ReportSweeps.Find(section)!.Title, target, results, ChanceOf(target), folder, plots));
        }

        var header = new ReportHeader(request.CommandLine, specs[0].Spec.BaseModel, ShippedBaseSha256(specs[0].Spec.BaseModel),
            MachineDescription.Cpu(), Environment.ProcessorCount, MachineDescription.OperatingSystem(), started, clock.Elapsed,
            loadAtStart, MachineDescription.LoadAverage(), [.. request.Notes]);
        var readme = Path.Combine(output, ReadmeFile);
        await File.WriteAllTextAsync(readme, ReportMarkdown.Render(header, sections));
        b.Context.Output.WriteLine($"Report written to {readme} ({sections.Count} sections, {ReportMarkdown.Duration(clock.Elapsed)}).");
        return exit;
    }

    /// <summary>Every (section, target) sweep, parsed and validated before anything is submitted.</summary>
    private static List<(string Section, string Target, SweepSpec Spec)> Plan(ReportRequest request)
    {
        var specs = new List<(string, string, SweepSpec)>();
        foreach (var target in request.Targets)
        {
            foreach (var section in request.Sections)
            {
                var result = ReportSweeps.Parse(section, target, request.Seeds, request.TrialKind);
                if (!result.IsValid)
                    throw new UsageException(string.Join(Environment.NewLine, result.Errors.Select(e => "error: " + e.Format($"report-{section}.yaml"))));
                specs.Add((section, target, result.Spec!));
            }
        }

        return specs;
    }

    /// <summary>The built-in multiple-choice target's chance level: one of its option letters (25 for A-D).</summary>
    private static double? ChanceOf(string target) =>
        target == OptionLetterShare.BenchmarkTask ? 100.0 / SceneWords.OptionLetters.Count : null;

    private static string? ShippedBaseSha256(string baseModel)
    {
        var path = Path.Combine(ShippedBaseModels.Default.Directory, baseModel + BaseModelMetadata.Extension);
        if (!File.Exists(path))
            return null;
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
