using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;

namespace LoRASculpt.Core.Tests.Settings;

/// <summary>Checkpoint-directory base models with evaluation suites, and the parameters added for them.</summary>
public sealed class TrialSettingsSuiteTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lorasculpt-settings-").FullName;
    private readonly string _checkpoint;

    // Sources and targets interleaved, so "the suite's order" differs from any sorted order.
    private static readonly EvaluationSuite Suite = new("paper", "v1", "0123456789abcdef0123", [
        Dataset("textvqa", SuiteDatasetRole.Source),
        Dataset("iconqa-txt", SuiteDatasetRole.Target),
        Dataset("okvqa", SuiteDatasetRole.Source),
        Dataset("scienceqa", SuiteDatasetRole.Target),
    ]);

    public TrialSettingsSuiteTests()
    {
        _checkpoint = Directory.CreateDirectory(Path.Combine(_root, "llava")).FullName;
        File.WriteAllText(Path.Combine(_checkpoint, "config.json"), "{}");
    }

    private static SuiteDataset Dataset(string name, SuiteDatasetRole role) =>
        new(name, role, MetricKind.ExactMatch, "", 16, Files: null, Sample: null);

    private static Dictionary<string, string> P(params (string Name, string Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.Value);

    private static string[] Messages(Action create) =>
        Assert.Throws<SettingsValidationException>(create).Errors.Select(e => $"{e.Field}: {e.Message}").ToArray();

    [Fact]
    public void Tasks_are_the_suites_datasets_and_sources_default_to_all_of_them_in_suite_order()
    {
        var all = TrialSettings.Create("lorasculpt", _checkpoint + "/", "iconqa-txt", [], P(), Suite);
        var picked = TrialSettings.Create("lora", _checkpoint, "scienceqa", ["okvqa", " textvqa "], P(), Suite);

        Assert.Equal(["textvqa", "okvqa"], all.SourceTasks);
        Assert.Equal(["textvqa", "okvqa"], picked.SourceTasks);
        Assert.Same(Suite, all.Suite);
        Assert.True(all.IsCheckpointModel);
        Assert.Equal(_checkpoint, all.BaseModel);
    }

    [Fact]
    public void Task_errors_list_the_suites_names()
    {
        Assert.Equal([
            "target_task: target_task must be a target dataset of suite 'paper' (iconqa-txt, scienceqa); got 'okvqa'",
            "source_tasks: source_tasks must be source datasets of suite 'paper' (textvqa, okvqa); got 'iconqa-txt'",
            "source_tasks: source_tasks must be source datasets of suite 'paper' (textvqa, okvqa); got 'shape-vqa'",
            "source_tasks: source_tasks lists a task more than once",
        ], Messages(() => TrialSettings.Create("lora", _checkpoint, "okvqa", ["iconqa-txt", "shape-vqa", "okvqa", "okvqa"], P(), Suite)));
    }

    [Fact]
    public void A_checkpoint_directory_and_a_suite_come_together()
    {
        Assert.Equal([
            $"suite: the checkpoint directory {_checkpoint} needs an evaluation suite file to train and evaluate on: the built-in benchmark is written for the presets' word tokenizer, not a checkpoint's",
        ], Messages(() => TrialSettings.Create("lora", _checkpoint, "icon-mc", [], P())));
        Assert.Equal([
            "suite: the evaluation suite 'paper' needs a checkpoint directory as base_model, not the preset 'tiny-llava': a preset's word tokenizer cannot read real data",
        ], Messages(() => TrialSettings.Create("lora", "tiny-llava", "iconqa-txt", [], P(), Suite)));
    }

    [Fact]
    public void Settings_do_not_require_the_directory_on_this_machine()
    {
        // A cluster silo resolves the reference to its own copy (configured path or Blob storage) before loading it;
        // sweep files and `train` check the directory where they are read.
        var s = TrialSettings.Create("lora", _root + "/absent", "iconqa-txt", [], P(), Suite);

        Assert.True(s.IsCheckpointModel);
        Assert.Equal(_root + "/absent", s.BaseModel);
    }

    [Fact]
    public void The_builtin_suite_counts_as_no_suite()
    {
        var s = TrialSettings.Create("lora", "tiny-llava", "icon-mc", [], P(), EvaluationSuites.Builtin);

        Assert.Null(s.Suite);
        Assert.False(s.IsCheckpointModel);
        Assert.Equal(BenchmarkTasks.SourceNames, s.SourceTasks);
    }

    [Fact]
    public void Zero_samples_means_all_items_of_a_suite_and_is_an_error_on_the_builtin_benchmark()
    {
        var s = TrialSettings.Create("lora", _checkpoint, "iconqa-txt", [], P(("train_samples", "0"), ("eval_samples", "0")), Suite);
        Assert.Equal((0, 0), (s.TrainSamples, s.EvalSamples));

        Assert.Equal([
            "train_samples: train_samples must be >= 1 on the built-in benchmark (0, meaning all items, is for suite datasets), got 0",
            "eval_samples: eval_samples must be >= 1 on the built-in benchmark (0, meaning all items, is for suite datasets), got 0",
        ], Messages(() => TrialSettings.Create("lora", "tiny-llava", "icon-mc", [], P(("train_samples", "0"), ("eval_samples", "0")))));
        Assert.Equal(["train_samples: train_samples must be >= 0, got -1"],
            Messages(() => TrialSettings.Create("lora", _checkpoint, "iconqa-txt", [], P(("train_samples", "-1")), Suite)));
    }

    [Fact]
    public void Prune_step_is_checked_against_steps_only_without_epochs()
    {
        var s = TrialSettings.Create("lorasculpt", "tiny-llava", "icon-mc", [], P(("epochs", "3"), ("prune_step", "150")));
        Assert.Equal((3, 150, 150), (s.Epochs, s.Steps, s.PruneStep));

        Assert.Equal(["prune_step: prune_step must be less than steps (150), got 150"],
            Messages(() => TrialSettings.Create("lorasculpt", "tiny-llava", "icon-mc", [], P(("epochs", "0"), ("prune_step", "150")))));
    }

    [Fact]
    public void New_parameters_are_typed_canonicalised_and_round_trip()
    {
        var defaults = TrialSettings.Create("lora", "tiny-llava", "icon-mc", [], P());
        Assert.Equal((0, ComputePrecision.Fp32, false), (defaults.Epochs, defaults.Precision, defaults.GradientCheckpointing));
        Assert.Equal(("0", "fp32", "false"), Triple(defaults.ToCanonicalParameters()));

        var paper = TrialSettings.Create("lorasculpt", _checkpoint, "iconqa-txt", [],
            P(("epochs", "+3"), ("precision", " BF16"), ("gradient_checkpointing", "True")), Suite);
        Assert.Equal((3, ComputePrecision.Bf16, true), (paper.Epochs, paper.Precision, paper.GradientCheckpointing));
        var canonical = paper.ToCanonicalParameters();
        Assert.Equal(("3", "bf16", "true"), Triple(canonical));

        var again = TrialSettings.Create("lorasculpt", _checkpoint, "iconqa-txt", [], canonical, Suite);
        Assert.Equal(canonical, again.ToCanonicalParameters());
        Assert.Equal(paper with { Suite = null, TargetModules = [], CmrModules = [], SourceTasks = [], IgnoredParameters = [] },
            again with { Suite = null, TargetModules = [], CmrModules = [], SourceTasks = [], IgnoredParameters = [] });
    }

    private static (string, string, string) Triple(IReadOnlyDictionary<string, string> canonical) =>
        (canonical["epochs"], canonical["precision"], canonical["gradient_checkpointing"]);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
