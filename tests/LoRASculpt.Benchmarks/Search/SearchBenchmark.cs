using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using LoRASculpt.Core.Scoring;
using LoRASculpt.Sweeps.Search;
using LoRASculpt.Sweeps.Search.Tpe;

namespace LoRASculpt.Benchmarks.Search;

/// <summary>
/// Random search against TPE on <see cref="SyntheticObjectives"/>: the best value (and its distance to the known
/// optimum) after N trials, mean ± std over seeds; for two objectives, the hypervolume of the found Source/Target
/// front; and TPE's cost per suggestion with 1,000 finished trials. Trials run one after another (no trials in flight).
/// </summary>
internal sealed class SearchBenchmark : IBenchmark
{
    public string Name => "search";

    public string Description => "random vs TPE on a synthetic objective with a known optimum [--seeds 20] [--budgets 10,20,40,80]";

    private static readonly ImmutableSortedDictionary<string, string> NoFixed = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    public int Run(string[] args)
    {
        var seeds = BenchmarkArgs.Int(args, "--seeds", 20);
        var budgets = (BenchmarkArgs.Get(args, "--budgets") ?? "10,20,40,80").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"search benchmark: {seeds} seeds per budget, sequential trials; machine: {Environment.ProcessorCount} cores, load {BenchmarkArgs.LoadAverage()}");

        Console.WriteLine();
        Console.WriteLine($"single objective (optimum {SyntheticObjectives.Optimum}): best value after N trials, mean ± std over seeds");
        Console.WriteLine($"{"N",5} {"random",18} {"tpe",18}");
        foreach (var n in budgets)
        {
            var random = Stats(Enumerable.Range(0, seeds).Select(s => BestSingle(n, s, tpe: false)));
            var tpe = Stats(Enumerable.Range(0, seeds).Select(s => BestSingle(n, s, tpe: true)));
            Console.WriteLine($"{n,5} {random,18} {tpe,18}");
        }

        Console.WriteLine();
        Console.WriteLine("two objectives (Source, Target): hypervolume of the found front above (0, 0), mean ± std over seeds");
        Console.WriteLine($"{"N",5} {"random",18} {"motpe",18}");
        foreach (var n in budgets)
        {
            var random = Stats(Enumerable.Range(0, seeds).Select(s => FrontVolume(n, s, tpe: false)));
            var tpe = Stats(Enumerable.Range(0, seeds).Select(s => FrontVolume(n, s, tpe: true)));
            Console.WriteLine($"{n,5} {random,18} {tpe,18}");
        }

        Console.WriteLine();
        var history = Enumerable.Range(0, 1000).Select(i => RandomSearchPoints.Draw(SyntheticObjectives.Space, NoFixed, 0, i, 0, Accept))
            .Select(p => new SearchObservation(p, [SyntheticObjectives.Single(p)])).ToArray();
        var times = Enumerable.Range(0, 20).Select(i =>
        {
            var clock = Stopwatch.StartNew();
            TpeSampler.Suggest(SyntheticObjectives.Space, NoFixed, history, [], 0, 1000 + i, Accept);
            return clock.Elapsed.TotalMilliseconds;
        }).Order().ToArray();
        Console.WriteLine($"tpe cost per suggestion with 1000 finished trials (4 parameters): median {times[10]:F1} ms, max {times[^1]:F1} ms over 20 suggestions");
        return 0;
    }

    private static string? Accept(string name, string raw) => raw;

    private static double BestSingle(int trials, int seed, bool tpe) =>
        Search(trials, seed, tpe, p => [SyntheticObjectives.Single(p)]).Max(o => o.Objectives[0]);

    private static double FrontVolume(int trials, int seed, bool tpe) =>
        Hypervolume.Of2D([.. Search(trials, seed, tpe, p => SyntheticObjectives.Pair(p) is var (s, t) ? [s, t] : []).Select(o => (o.Objectives[0], o.Objectives[1]))]);

    /// <summary>Runs one search of <paramref name="trials"/> sequential points, TPE's or random search's, and returns every observation.</summary>
    private static List<SearchObservation> Search(int trials, int seed, bool tpe, Func<ImmutableSortedDictionary<string, string>, ImmutableArray<double>> objectives)
    {
        var finished = new List<SearchObservation>();
        for (var i = 0; i < trials; i++)
        {
            var point = tpe
                ? TpeSampler.Suggest(SyntheticObjectives.Space, NoFixed, finished, [], seed, i, Accept)
                : RandomSearchPoints.Draw(SyntheticObjectives.Space, NoFixed, seed, i, 0, Accept);
            finished.Add(new SearchObservation(point, objectives(point)));
        }

        return finished;
    }

    private static string Stats(IEnumerable<double> values)
    {
        var stats = ReplicateStatistics.Of(values);
        return string.Create(CultureInfo.InvariantCulture, $"{stats.Mean:F2} ± {stats.Std:F2}");
    }
}
