using System.Globalization;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;
using LoRASculpt.Sweeps.Expansion;
using LoRASculpt.Sweeps.Search;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// Checks that need the whole spec: every grid point's settings for every method (combinations such as
/// prune_step &lt; steps) and the number of distinct trials against max_trials.
/// </summary>
internal static class SweepSpecValidator
{
    /// <summary>Above this many raw grid points x methods the grid is refused before it is expanded.</summary>
    private const long ExpansionLimit = 1_000_000;

    /// <param name="suite">The suite <see cref="SweepSpec.Suite"/> names, as the reader loaded it (null for none).</param>
    public static void Validate(SweepSpec spec, EvaluationSuite? suite, IReadOnlyDictionary<string, YamlNode> nodes, List<SweepError> errors)
    {
        try
        {
            ValidatePoints(spec, suite, nodes, errors);
        }
        catch (DrawsRefusedException ex)
        {
            var path = $"{K.Parameters}.{ex.Parameter}";
            var node = nodes.GetValueOrDefault(path) ?? nodes[""];
            errors.Add(new SweepError(path, ex.Message, YamlNodes.Line(node), YamlNodes.Column(node)));
        }
    }

    private static void ValidatePoints(SweepSpec spec, EvaluationSuite? suite, IReadOnlyDictionary<string, YamlNode> nodes, List<SweepError> errors)
    {
        var raw = SweepExpander.GridPointCount(spec);
        var rawTrials = raw > long.MaxValue / spec.Methods.Length ? long.MaxValue : raw * spec.Methods.Length;
        if (rawTrials > ExpansionLimit && rawTrials > spec.MaxTrials)
        {
            AddCountError(spec, nodes, errors, $"the grid has {Count(raw)} points x {spec.Methods.Length} method(s), far more than max_trials ({spec.MaxTrials}); shrink the grid");
            return;
        }

        if (!ValidateSettings(spec, suite, nodes, errors))
        {
            return;
        }

        // A bayes sweep plans its first points only; it will run run_cap points (times seeds) in all.
        var trials = spec.Grid == GridKind.Bayes ? SweepExpander.GridPointCount(spec) : SweepExpander.Plan(spec, suite).Trials.Count;
        if (trials > spec.MaxTrials)
        {
            AddCountError(spec, nodes, errors,
                $"the sweep expands to {Count(trials)} trials, more than max_trials ({spec.MaxTrials}); raise max_trials or shrink the grid");
        }
    }

    /// <summary>Runs <see cref="TrialSettings.Create"/> on every point and method; reports each distinct problem once.</summary>
    private static bool ValidateSettings(SweepSpec spec, EvaluationSuite? suite, IReadOnlyDictionary<string, YamlNode> nodes, List<SweepError> errors)
    {
        var found = new Dictionary<(string Field, string Message), (string Example, int Count)>();
        var pointIndex = 0;
        foreach (var point in SweepExpander.GridPoints(spec))
        {
            foreach (var method in spec.Methods)
            {
                try
                {
                    SweepExpander.BuildConfig(spec, method, point, suite);
                }
                catch (SettingsValidationException ex)
                {
                    foreach (var error in ex.Errors)
                    {
                        var key = (error.Field, error.Message);
                        found[key] = found.TryGetValue(key, out var seen)
                            ? seen with { Count = seen.Count + 1 }
                            : (Describe(spec, method, point, pointIndex), 1);
                    }
                }
            }

            pointIndex++;
        }

        foreach (var ((field, message), (example, count)) in found)
        {
            var path = PathOf(spec, field);
            var node = nodes.GetValueOrDefault(path) ?? nodes.GetValueOrDefault(K.Parameters) ?? nodes[""];
            var scope = count == 1 ? $" (for {example})" : $" (for {count} trials, e.g. {example})";
            // The model, suite and tasks are the same for every trial: naming one would suggest otherwise.
            var sweepWide = field is "base_model" or "suite" or "target_task" or "source_tasks";
            errors.Add(new SweepError(path, sweepWide ? message : message + scope, YamlNodes.Line(node), YamlNodes.Column(node)));
        }

        return found.Count == 0;
    }

    private static string Describe(SweepSpec spec, string method, IReadOnlyDictionary<string, string> point, int index)
    {
        var values = point.Where(p => spec.Grid != GridKind.Product || spec.Parameters[p.Key].Length > 1)
            .Select(p => $"{p.Key}={p.Value}").ToArray();
        var where = spec.Grid switch
        {
            GridKind.List => $" at points[{index}]",
            GridKind.Random or GridKind.Bayes => $" at draw {index}",
            _ => "",
        };
        return values.Length == 0 ? $"method {method}{where}" : $"method {method}{where} with {string.Join(", ", values)}";
    }

    /// <summary>Maps a <see cref="SettingError.Field"/> to the place in the sweep file that sets it.</summary>
    private static string PathOf(SweepSpec spec, string field) => field switch
    {
        "method" => K.Methods,
        "base_model" => K.BaseModel,
        "suite" => K.Suite,
        "target_task" => K.Target,
        "source_tasks" => K.Sources,
        _ when spec.Parameters.ContainsKey(field) || spec.Distributions?.ContainsKey(field) == true => $"{K.Parameters}.{field}",
        _ when spec.Grid == GridKind.List => K.Points,
        _ => K.Parameters,
    };

    private static void AddCountError(SweepSpec spec, IReadOnlyDictionary<string, YamlNode> nodes, List<SweepError> errors, string message)
    {
        var node = nodes.GetValueOrDefault(K.MaxTrials) ?? nodes.GetValueOrDefault(K.Parameters) ?? nodes[""];
        errors.Add(new SweepError(K.MaxTrials, message, YamlNodes.Line(node), YamlNodes.Column(node)));
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
