using System.Collections.Immutable;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;
using YamlDotNet.RepresentationModel;
using K = LoRASculpt.Sweeps.Parsing.SweepFileKeys;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// The base model, the evaluation suite and the tasks: a preset trains on the built-in benchmark's tasks, a
/// checkpoint directory on the datasets of the suite file `suite:` names.
/// </summary>
internal sealed partial class SweepFileReader
{
    /// <summary>The tasks `target` and `sources` may name, and how messages call them.</summary>
    /// <param name="Word">"task" (built-in benchmark) or "dataset" (suite).</param>
    /// <param name="Of">"" or " of suite 'name'".</param>
    private sealed record TaskNames(IReadOnlyList<string> Targets, IReadOnlyList<string> Sources, string Word, string Of)
    {
        public static TaskNames Builtin { get; } = new(BenchmarkTasks.TargetNames, BenchmarkTasks.SourceNames, "task", "");

        public static TaskNames ForSuite(EvaluationSuite suite) => new(
            suite.Targets.Select(d => d.Name).ToArray(), suite.Sources.Select(d => d.Name).ToArray(), "dataset", $" of suite '{suite.Name}'");
    }

    /// <summary>A preset name, or a checkpoint directory's absolute path; null after an error.</summary>
    private string? ReadBaseModel(Dictionary<string, YamlNode> entries)
    {
        if (!entries.TryGetValue(K.BaseModel, out var node))
        {
            return ModelPresets.DefaultName;
        }

        var text = Scalar(node, K.BaseModel);
        if (text is null)
        {
            return null;
        }

        var model = BaseModelReference.Parse(text, _baseDirectory, _homeDirectory);
        if (!model.IsCheckpointDirectory && ModelPresets.Find(model.Value) is null)
        {
            Error(node, K.BaseModel, $"unknown base model '{text}'.{NameSuggestions.Hint(text, ModelPresets.Names)} " +
                $"Known models: {string.Join(", ", ModelPresets.Names)}, or a checkpoint directory (a path: with '/', or starting with '.' or '~')");
            return null;
        }

        if (model.Problem() is { } problem)
        {
            Error(node, K.BaseModel, problem);
            return null;
        }

        return model.Value;
    }

    /// <summary>The suite file's absolute path, "" without `suite:`, or null after an error. Loads <see cref="Suite"/>.</summary>
    private string? ReadSuite(Dictionary<string, YamlNode> entries)
    {
        if (!entries.TryGetValue(K.Suite, out var node))
        {
            return "";
        }

        var text = Scalar(node, K.Suite);
        if (text is null)
        {
            return null;
        }

        var path = UserPath.Resolve(text, _baseDirectory, _homeDirectory);
        if (!File.Exists(path))
        {
            Error(node, K.Suite, Directory.Exists(path)
                ? $"suite file {path} is a directory; name the suite's JSON file"
                : $"suite file {path} does not exist");
            return null;
        }

        var result = EvaluationSuiteFile.Read(path);
        if (!result.IsValid)
        {
            // Each suite error keeps its own file (and line, when the JSON does not parse) after the sweep's position.
            foreach (var error in result.Errors)
            {
                Error(node, K.Suite, error.Format(path));
            }

            return null;
        }

        Suite = result.Suite;
        return path;
    }

    /// <summary>
    /// The tasks the base model and suite allow, or null when they do not fit together (or either had an error),
    /// in which case the target and sources are not checked: any message about them would mislead.
    /// </summary>
    private TaskNames? TaskNamesFor(Dictionary<string, YamlNode> entries, string? baseModel, string? suitePath)
    {
        if (baseModel is null || suitePath is null)
        {
            return null;
        }

        var isCheckpoint = BaseModelReference.IsPath(baseModel);
        if (isCheckpoint && Suite is null)
        {
            Error(entries[K.BaseModel], K.BaseModel,
                "a checkpoint directory needs `suite:` naming an evaluation suite file: the built-in benchmark is written for the presets' word tokenizer, not a checkpoint's");
            return null;
        }

        if (!isCheckpoint && Suite is not null)
        {
            Error(entries[K.Suite], K.Suite,
                $"an evaluation suite needs `base_model:` to be a checkpoint directory, not the preset '{baseModel}': a preset's word tokenizer cannot read real data");
            return null;
        }

        return Suite is null ? TaskNames.Builtin : TaskNames.ForSuite(Suite);
    }

    private string? ReadTarget(Dictionary<string, YamlNode> entries, YamlNode root, TaskNames? tasks)
    {
        var word = tasks?.Word ?? "task";
        if (!entries.TryGetValue(K.Target, out var node))
        {
            Error(root, K.Target, tasks is null
                ? $"missing: name the target {word}"
                : $"missing: name the target {word}{tasks.Of}, one of {string.Join(", ", tasks.Targets)}");
            return null;
        }

        var text = Scalar(node, K.Target);
        if (text is null || tasks is null)
        {
            return text;
        }

        var list = string.Join(", ", tasks.Targets);
        if (tasks.Sources.Contains(text))
        {
            Error(node, K.Target, $"'{text}' is a source {word}, not a target {word}; target {word}s{tasks.Of}: {list}");
            return null;
        }

        if (!tasks.Targets.Contains(text))
        {
            Error(node, K.Target, $"unknown {word} '{text}'.{NameSuggestions.Hint(text, tasks.Targets)} Target {word}s{tasks.Of}: {list}");
            return null;
        }

        return text;
    }

    private ImmutableArray<string>? ReadSources(Dictionary<string, YamlNode> entries, TaskNames? tasks)
    {
        if (!entries.TryGetValue(K.Sources, out var node))
        {
            return tasks is null ? [] : [.. tasks.Sources];
        }

        var word = tasks?.Word ?? "task";
        var items = NameList(node, K.Sources, $"source {word}");
        if (items is null || tasks is null)
        {
            return items is null ? null : [];
        }

        var ok = true;
        var list = string.Join(", ", tasks.Sources);
        foreach (var (text, itemNode, path) in items)
        {
            if (tasks.Targets.Contains(text))
            {
                Error(itemNode, path, $"'{text}' is a target {word}, not a source {word}; source {word}s{tasks.Of}: {list}");
                ok = false;
            }
            else if (!tasks.Sources.Contains(text))
            {
                Error(itemNode, path, $"unknown {word} '{text}'.{NameSuggestions.Hint(text, tasks.Sources)} Source {word}s{tasks.Of}: {list}");
                ok = false;
            }
        }

        // Catalogue order (the benchmark's, or the suite's): the same set of sources always gives the same trials.
        return ok ? [.. tasks.Sources.Where(s => items.Any(i => i.Text == s))] : null;
    }
}
