using LoRASculpt.Sweeps.Expansion;
using LoRASculpt.Sweeps.Parsing;

namespace LoRASculpt.Sweeps.Tests.Parsing;

/// <summary>`base_model:` as a checkpoint directory and `suite:` as an evaluation suite file.</summary>
public sealed class SweepFileSuiteTests : IDisposable
{
    private readonly CheckpointWorkspace _workspace = new();

    private static string Sweep(string baseModel, string suite, string target = "iconqa-txt", string sources = "") => $"""
        name: real
        base_model: {baseModel}
        suite: {suite}
        target: {target}
        {sources}
        methods: [lora, lorasculpt]
        parameters:
          alpha: {"{"}values: [1.0e-3, 1.0e-2]{"}"}
        """;

    /// <summary>Parses <paramref name="text"/> as if it were a file in the workspace root; every error as "file:line:column: path: message".</summary>
    private string[] Errors(string text)
    {
        var result = SweepFileParser.Parse(text, "s.yaml", _workspace.Root);
        Assert.Null(result.Spec);
        return result.Errors.Select(e => e.Format("s.yaml")).ToArray();
    }

    [Fact]
    public void Paths_are_relative_to_the_sweep_files_folder()
    {
        var checkpoint = _workspace.Checkpoint("models/llava");
        var suite = _workspace.Suite("data/suite.json");
        var file = _workspace.Write("sweeps/real.yaml", Sweep("../models/llava/", "../data/suite.json"));

        var result = SweepFileParser.ParseFile(file);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(checkpoint, result.Spec!.BaseModel);
        Assert.Equal(suite, result.Spec.Suite);
        Assert.StartsWith("/", suite);
    }

    [Fact]
    public void Tilde_is_the_home_directory()
    {
        var checkpoint = _workspace.Checkpoint("home/models/llava-1.5-7b-hf");
        var suite = _workspace.Suite("home/data/lorasculpt-suite.json");

        var result = SweepFileParser.Parse(Sweep("~/models/llava-1.5-7b-hf", "~/data/lorasculpt-suite.json"), "s.yaml",
            baseDirectory: "/nowhere", homeDirectory: Path.Combine(_workspace.Root, "home"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal((checkpoint, suite), (result.Spec!.BaseModel, result.Spec.Suite));
    }

    [Fact]
    public void A_suite_sweep_expands_to_trials_on_the_suites_datasets()
    {
        var checkpoint = _workspace.Checkpoint("llava");
        var suite = _workspace.Suite("suite.json");
        var spec = SweepFileParser.Parse(Sweep("./llava", "suite.json", sources: "sources: [okvqa, textvqa]"), "s.yaml", _workspace.Root).Spec!;

        var trials = SweepExpander.Expand(spec);

        Assert.Equal(["lora", "lorasculpt", "lorasculpt"], trials.Select(t => t.Config.Method));
        Assert.All(trials, t =>
        {
            Assert.Equal(suite, t.Config.Suite);
            Assert.Equal(checkpoint, t.Config.BaseModel);
            Assert.Equal("iconqa-txt", t.Config.TargetTask);
            // The suite's order, not the file's.
            Assert.Equal(["textvqa", "okvqa"], t.Config.SourceTasks.ToArray());
        });
        Assert.Equal(
            $"kind=torch\nbase_model={checkpoint}\ntarget=iconqa-txt\nsources=okvqa,textvqa\nmethod=lora\nsuite={suite}\nrecipe={TrialIds.Recipe}\n",
            TrialIds.CanonicalText(trials[0].Config));
        Assert.Contains($"\nsuite={suite}\n", SweepIds.CanonicalText(spec));
    }

    [Fact]
    public void Sources_default_to_every_source_dataset_of_the_suite()
    {
        _workspace.Checkpoint("llava");
        _workspace.Suite("suite.json");

        var spec = SweepFileParser.Parse(Sweep("./llava", "suite.json"), "s.yaml", _workspace.Root).Spec!;

        Assert.Equal(["textvqa", "okvqa"], spec.SourceTasks.ToArray());
    }

    [Fact]
    public void A_missing_checkpoint_directory_or_config_is_reported_at_base_model()
    {
        _workspace.Suite("suite.json");
        Directory.CreateDirectory(Path.Combine(_workspace.Root, "empty"));

        Assert.Equal([$"s.yaml:2:13: base_model: checkpoint directory {_workspace.Root}/absent does not exist"],
            Errors(Sweep("./absent", "suite.json")));
        Assert.Equal([$"s.yaml:2:13: base_model: checkpoint directory {_workspace.Root}/empty has no config.json (a Hugging Face LLaVA checkpoint directory holds config.json and its *.safetensors)"],
            Errors(Sweep("./empty", "suite.json")));
        Assert.Equal(["s.yaml:1:13: base_model: unknown base model 'tiny-lava'. Did you mean 'tiny-llava'? Known models: tiny-llava, micro-llava, or a checkpoint directory (a path: with '/', or starting with '.' or '~')"],
            Errors("base_model: tiny-lava\ntarget: icon-mc\nmethods: [lora]\n"));
    }

    [Fact]
    public void A_checkpoint_needs_a_suite_and_a_suite_needs_a_checkpoint()
    {
        _workspace.Checkpoint("llava");
        _workspace.Suite("suite.json");

        Assert.Equal(["s.yaml:1:13: base_model: a checkpoint directory needs `suite:` naming an evaluation suite file: the built-in benchmark is written for the presets' word tokenizer, not a checkpoint's"],
            Errors("base_model: ./llava\ntarget: iconqa-txt\nmethods: [lora]\n"));
        Assert.Equal(["s.yaml:1:8: suite: an evaluation suite needs `base_model:` to be a checkpoint directory, not the preset 'tiny-llava': a preset's word tokenizer cannot read real data"],
            Errors("suite: suite.json\ntarget: iconqa-txt\nmethods: [lora]\n"));
    }

    [Fact]
    public void A_missing_suite_file_is_reported_at_suite()
    {
        _workspace.Checkpoint("llava");

        Assert.Equal([$"s.yaml:3:8: suite: suite file {_workspace.Root}/none.json does not exist"], Errors(Sweep("./llava", "none.json")));
        Assert.Equal([$"s.yaml:3:8: suite: suite file {_workspace.Root}/llava is a directory; name the suite's JSON file"], Errors(Sweep("./llava", "llava")));
    }

    [Fact]
    public void Suite_file_errors_carry_the_sweeps_position_and_the_suite_files_own_path_and_line()
    {
        _workspace.Checkpoint("llava");
        var suite = _workspace.Suite("suite.json");
        File.WriteAllText(suite, File.ReadAllText(suite).Replace("\"metric\": \"exact_match\"", "\"metric\": \"bleu\""));
        var broken = _workspace.Write("broken.json", "{\n  \"name\": \"x\",\n  \"version\": 1,,\n}");

        var errors = Errors(Sweep("./llava", "suite.json"));
        Assert.Equal(4, errors.Length);
        Assert.Equal($"s.yaml:3:8: suite: {suite}: datasets[0].metric: must be one of exact_match, vqa_accuracy, cider_d; got 'bleu'", errors[0]);
        Assert.Equal($"s.yaml:3:8: suite: {suite}: datasets[3].metric: must be one of exact_match, vqa_accuracy, cider_d; got 'bleu'", errors[3]);

        var syntax = Assert.Single(Errors(Sweep("./llava", "broken.json")));
        Assert.StartsWith($"s.yaml:3:8: suite: {broken}:3: invalid JSON: ", syntax);
    }

    [Fact]
    public void Target_and_sources_must_be_datasets_of_the_suite_in_their_roles()
    {
        _workspace.Checkpoint("llava");
        _workspace.Suite("suite.json");

        Assert.Equal(["s.yaml:4:9: target: unknown dataset 'iconqa-tx'. Did you mean 'iconqa-txt'? Target datasets of suite 'mini': iconqa-txt, scienceqa"],
            Errors(Sweep("./llava", "suite.json", target: "iconqa-tx")));
        Assert.Equal(["s.yaml:4:9: target: 'okvqa' is a source dataset, not a target dataset; target datasets of suite 'mini': iconqa-txt, scienceqa"],
            Errors(Sweep("./llava", "suite.json", target: "okvqa")));
        Assert.Equal([
                "s.yaml:5:11: sources[0]: 'scienceqa' is a target dataset, not a source dataset; source datasets of suite 'mini': textvqa, okvqa",
                "s.yaml:5:22: sources[1]: unknown dataset 'shape-vqa'. Source datasets of suite 'mini': textvqa, okvqa",
            ],
            Errors(Sweep("./llava", "suite.json", sources: "sources: [scienceqa, shape-vqa]")));
        Assert.Equal(["s.yaml:1:1: target: missing: name the target dataset of suite 'mini', one of iconqa-txt, scienceqa"],
            Errors("base_model: ./llava\nsuite: suite.json\nmethods: [lora]\n"));
    }

    public void Dispose() => _workspace.Dispose();
}
