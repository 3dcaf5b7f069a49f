using System.CommandLine;
using LoRASculpt.Core.Models;
using LoRASculpt.Hosting;
using LoRASculpt.Training.Pretraining;
using LoRASculpt.Training.Tokenization;
using TorchSharp;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// <c>lorasculpt pretrain</c>: rebuilds a preset's base model from scratch (whatever is saved or shipped), saves it in
/// the data directory's store and, with --output, also at that path (the repository's shipped copy is
/// src/LoRASculpt.Training/BaseModels/{preset}.safetensors). Says where it wrote and with how many threads: the
/// weights depend on the thread count, which is why the build ships one copy.
/// </summary>
public static class PretrainCommand
{
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var baseModel = new Option<string>("--base-model", "--model")
        {
            Description = $"Preset to pretrain: {string.Join(", ", ModelPresets.Names)}.",
            DefaultValueFactory = _ => ModelPresets.DefaultName,
        };
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = $"Data directory whose base-models/ store receives the model (default: ${DataDirectory.EnvironmentVariable}, else ~/.lorasculpt).",
        };
        var outputPath = new Option<string?>("--output")
        {
            Description = "Also write the model to this file, e.g. src/LoRASculpt.Training/BaseModels/tiny-llava.safetensors to replace the shipped copy.",
            HelpName = "file",
        };
        var command = new Command("pretrain", "Pretrain a preset's base model on the built-in benchmark's source tasks, replacing the saved (and optionally the shipped) copy.");
        foreach (var o in new Option[] { baseModel, dataDir, outputPath })
            command.Options.Add(o);
        command.SetAction((parse, cancellationToken) =>
        {
            var o = output ?? Console.Out;
            var e = error ?? Console.Error;
            var config = ModelPresets.Find(parse.GetValue(baseModel)!);
            if (config is null)
            {
                e.WriteLine($"error: --base-model: unknown preset '{parse.GetValue(baseModel)}'; known presets: {string.Join(", ", ModelPresets.Names)}");
                return Task.FromResult(CommandRunner.UsageError);
            }
            try
            {
                return Task.FromResult(Execute(config, DataDirectory.Resolve(parse.GetValue(dataDir)), parse.GetValue(outputPath), o, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                e.WriteLine("Cancelled.");
                return Task.FromResult(CommandRunner.Failure);
            }
        });
        return command;
    }

    private static int Execute(MllmConfig config, string dataDirectory, string? outputPath, TextWriter output, CancellationToken cancellationToken)
    {
        const long seed = 0; // TrialRunnerOptions.BaseSeed: the seed every trial's base model has.
        var options = PretrainingOptions.Default;
        var store = new BaseModelStore(Path.Combine(dataDirectory, "base-models"));
        output.WriteLine($"Pretraining {config.Name} ({options.Steps} steps, batch {options.BatchSize}, {torch.get_num_threads()} torch threads; key {BaseModelStore.Key(config, seed, options)}).");
        var progress = new LineProgress(p =>
        {
            if (p.Step == 1 || p.Step % 250 == 1 || p.Step == p.TotalSteps)
                output.WriteLine($"  step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} ({p.Elapsed.TotalSeconds:F0} s)");
        });
        var (model, report, path) = store.Rebuild(config, seed, WordTokenizer.ForBenchmark(), options, progress, cancellationToken);
        using (model)
        {
            output.WriteLine($"Pretrained in {report.WallTime.TotalSeconds:F1} s ({report.MillisecondsPerStep:F0} ms/step), final loss {report.FinalLoss:F4}.");
            output.WriteLine($"Wrote {path}");
            if (outputPath is not null)
                output.WriteLine($"Wrote {BaseModelStore.SaveAs(Path.GetFullPath(outputPath), model, seed, options, report)}");
        }
        return CommandRunner.Success;
    }

    /// <summary>Reports synchronously on the pretraining thread.</summary>
    private sealed class LineProgress(Action<PretrainingProgress> report) : IProgress<PretrainingProgress>
    {
        public void Report(PretrainingProgress value) => report(value);
    }
}
