using System.CommandLine;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Models;
using LoRASculpt.Core.Settings;
using LoRASculpt.Core.Suites;
using LoRASculpt.Hosting;
using LoRASculpt.Training;
using LoRASculpt.Training.Devices;
using TorchSharp;
using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// <c>lorasculpt train</c>: one trial end to end on this machine — pretrain or reuse the base model, fine-tune,
/// evaluate every task, print scores next to the base model's, timing and diagnostics.
/// </summary>
public static class TrainCommand
{
    private static readonly Dictionary<string, string> OptionOfField = new(StringComparer.Ordinal)
    {
        ["method"] = "--method",
        ["target_task"] = "--target",
        ["source_tasks"] = "--sources",
        ["base_model"] = "--base-model",
        ["suite"] = "--suite",
    };

    /// <summary>The built-in benchmark's target when --target is not given (with --suite: the suite's only target).</summary>
    private const string DefaultTarget = "icon-mc";

    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var method = new Option<string>("--method")
        {
            Description = $"Fine-tuning method: {string.Join(", ", TrialParameters.Methods)}.",
            DefaultValueFactory = _ => TrainingMethods.LoraSculpt,
        };
        var target = new Option<string?>("--target")
        {
            Description = $"Target task: {string.Join(", ", BenchmarkTasks.TargetNames)} (default {DefaultTarget}). " +
                "With --suite, a target dataset of the suite (default: its only target).",
        };
        var sources = new Option<string[]>("--sources")
        {
            Description = $"Source tasks (default: all of {string.Join(", ", BenchmarkTasks.SourceNames)}); comma-separated or repeated. " +
                "With --suite, source datasets of the suite (default: all of them).",
            AllowMultipleArgumentsPerToken = true,
        };
        var baseModel = new Option<string>("--base-model", "--model")
        {
            Description = $"Base model: a preset ({string.Join(", ", ModelPresets.Names)}; pretrained on first use, then reused) " +
                "or a Hugging Face LLaVA checkpoint directory (a path: with '/', or starting with '.' or '~'; needs --suite).",
            DefaultValueFactory = _ => ModelPresets.DefaultName,
        };
        var suite = new Option<string?>("--suite")
        {
            Description = "Evaluation suite file (JSON) whose datasets --target and --sources name; needs a checkpoint directory as --base-model.",
            HelpName = "file",
        };
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = $"Where base models and runs are kept (default: ${DataDirectory.EnvironmentVariable}, else ~/.lorasculpt).",
        };
        var outputPath = new Option<string?>("--output")
        {
            Description = "Path of the adapter file to write (default: <data-dir>/runs/<method>-<target>-<time>/adapter.safetensors).",
        };
        var checkpoints = new Option<string?>("--checkpoint-dir")
        {
            Description = "Directory for resumable checkpoints (every checkpoint_every steps); an existing checkpoint there is resumed.",
        };
        var skipBase = new Option<bool>("--skip-base-eval")
        {
            Description = "Do not evaluate the base model for comparison.",
        };
        var device = new Option<string>("--device")
        {
            Description = "Where the trial runs: cpu, or cuda:N with the CUDA build (-p:TorchBackend=cuda). Model, adapters and batches all live there.",
            DefaultValueFactory = _ => "cpu",
        };
        var hyperparameters = new HyperparameterOptions();

        var command = new Command("train", "Run one trial: fine-tune a base model on a target task and report Source/Target/Avg with diagnostics.");
        foreach (var o in new Option[] { method, target, sources, baseModel, suite, dataDir, outputPath, checkpoints, skipBase, device }.Concat(hyperparameters.All))
            command.Options.Add(o);

        command.SetAction((parse, cancellationToken) =>
        {
            var o = output ?? Console.Out;
            var e = error ?? Console.Error;
            try
            {
                var settings = ParseSettings(parse, new SettingOptions(method, target, sources, baseModel, suite), hyperparameters);
                var request = new TrainRequest(settings, DataDirectory.Resolve(parse.GetValue(dataDir)), parse.GetValue(outputPath), parse.GetValue(checkpoints), !parse.GetValue(skipBase),
                    ParseDevice(parse.GetValue(device)!));
                return Task.FromResult(Execute(request, o, cancellationToken));
            }
            catch (UsageException ex)
            {
                e.WriteLine(ex.Message);
                return Task.FromResult(CommandRunner.UsageError);
            }
            catch (OperationCanceledException)
            {
                e.WriteLine("Cancelled.");
                return Task.FromResult(CommandRunner.Failure);
            }
            catch (NonFiniteLossException ex)
            {
                e.WriteLine($"error: {ex.Message}");
                return Task.FromResult(CommandRunner.Failure);
            }
        });
        return command;
    }

    private sealed record SettingOptions(Option<string> Method, Option<string?> Target, Option<string[]> Sources, Option<string> BaseModel, Option<string?> Suite);

    private static TrialSettings ParseSettings(ParseResult parse, SettingOptions options, HyperparameterOptions hyperparameters)
    {
        var sourceList = (parse.GetValue(options.Sources) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var workingDirectory = Environment.CurrentDirectory;
        var suite = parse.GetValue(options.Suite) is { } suiteFile ? LoadSuite(UserPath.Resolve(suiteFile, workingDirectory)) : null;
        var target = parse.GetValue(options.Target)
            ?? (suite is null ? DefaultTarget : suite.Targets.Count == 1 ? suite.Targets[0].Name : "");
        // Resolved here so that messages and the trial name the directory, not the spelling typed.
        var reference = BaseModelReference.Parse(parse.GetValue(options.BaseModel)!, workingDirectory);
        if (reference.IsCheckpointDirectory && reference.Problem() is { } problem)
            throw new UsageException($"error: --base-model: {problem}");
        var baseModel = reference.Value;
        try
        {
            return TrialSettings.Create(parse.GetValue(options.Method)!, baseModel, target, sourceList, hyperparameters.Given(parse), suite);
        }
        catch (SettingsValidationException ex)
        {
            throw new UsageException(string.Join(Environment.NewLine, ex.Errors.Select(err =>
                $"error: {OptionOfField.GetValueOrDefault(err.Field, "--" + err.Field)}: {err.Message}")));
        }
    }

    /// <summary>Reads the --suite file; a missing or invalid file is a usage error naming the file (and line) of each problem.</summary>
    private static EvaluationSuite LoadSuite(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"error: --suite: suite file {path} does not exist");
        var result = EvaluationSuiteFile.Read(path);
        if (result.IsValid)
            return result.Suite!;
        throw new UsageException(string.Join(Environment.NewLine, result.Errors.Select(e => $"error: --suite: {e.Format(path)}")));
    }

    private sealed record TrainRequest(TrialSettings Settings, string DataDirectory, string? AdapterPath, string? CheckpointDirectory, bool EvaluateBase, torch.Device Device);

    /// <summary>A device the build or host cannot use is a usage error before anything loads.</summary>
    private static torch.Device ParseDevice(string device)
    {
        try
        {
            TorchDevices.EnsureAvailable(device);
            return TorchDevices.Parse(device);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"error: --device: {e.Message}");
        }
    }

    private static int Execute(TrainRequest request, TextWriter output, CancellationToken cancellationToken)
    {
        var s = request.Settings;
        var adapterPath = request.AdapterPath ?? Path.Combine(request.DataDirectory, "runs",
            $"{s.MethodName}-{s.TargetTask}-{DateTime.UtcNow:yyyyMMdd-HHmmss}", "adapter.safetensors");
        output.WriteLine($"Trial: method={s.MethodName} target={s.TargetTask} base={s.BaseModel} sources={string.Join(",", s.SourceTasks)}");
        output.WriteLine($"  {string.Join(" ", s.ToCanonicalParameters().Select(p => $"{p.Key}={p.Value}"))}");
        if (s.IgnoredParameters.Count > 0)
            output.WriteLine($"  note: {string.Join(", ", s.IgnoredParameters)} do not apply to {s.MethodName} and are ignored");
        output.WriteLine($"Data directory: {request.DataDirectory}");

        var pretrainProgress = new LineProgress<PretrainingProgress>(p =>
            output.WriteLine($"  pretraining base model: step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} ({p.Elapsed.TotalSeconds:F0} s)"));
        using var runner = new TrialRunner(request.DataDirectory, new TrialRunnerOptions
        {
            PretrainingProgress = pretrainProgress,
            Device = request.Device,
            BaseModelNotice = notice => output.WriteLine($"note: {notice}"),
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        runner.BaseModel(s, cancellationToken);
        if (s.IsCheckpointModel)
            output.WriteLine($"Loaded checkpoint {s.BaseModel} in {clock.Elapsed.TotalSeconds:F1} s (suite {s.Suite!.Name} {s.Suite.VersionKey}).");
        else if (runner.LastPretraining is { } pre)
            output.WriteLine($"Pretrained base model in {pre.WallTime.TotalSeconds:F1} s ({pre.Steps} steps, {pre.MillisecondsPerStep:F0} ms/step, final loss {pre.FinalLoss:F4}).");
        else
            output.WriteLine($"Reused saved base model ({clock.Elapsed.TotalSeconds:F1} s to load).");

        IReadOnlyList<TaskResult>? baseTasks = null;
        var baseEvalTime = TimeSpan.Zero;
        if (request.EvaluateBase)
        {
            var baseClock = System.Diagnostics.Stopwatch.StartNew();
            baseTasks = runner.EvaluateSuite(s, null, cancellationToken);
            baseEvalTime = baseClock.Elapsed;
        }

        var trainProgress = new LineProgress<TrainProgress>(p =>
        {
            // epochs may set the step count only once the training set is read: report against the run's own total.
            if (p.Step % Math.Max(1, p.TotalSteps / 10) == 0 || p.Step == p.TotalSteps)
                output.WriteLine($"  step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} {p.SamplesPerSecond:F1} samples/s");
        });
        var trialClock = System.Diagnostics.Stopwatch.StartNew();
        var report = runner.RunTrial(s, new TrainOptions(adapterPath, request.CheckpointDirectory), trainProgress, cancellationToken);
        var trialTime = trialClock.Elapsed;

        TrainReportPrinter.Print(output, s, report, baseTasks, trialTime, baseEvalTime);
        return CommandRunner.Success;
    }

    /// <summary>Reports synchronously on the training thread.</summary>
    private sealed class LineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
