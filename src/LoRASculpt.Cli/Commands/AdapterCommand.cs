using System.CommandLine;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Checkpoints;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// <c>lorasculpt adapter export ADAPTER --output DIR [--layout llava-hf|transformers|original]</c>: a trial's adapter as a
/// PEFT adapter directory for the module names a Python user's model has (see <see cref="PeftAdapterExport"/>).
/// </summary>
public static class AdapterCommand
{
    private static readonly Dictionary<string, CheckpointLayout> Layouts = new(StringComparer.Ordinal)
    {
        ["llava-hf"] = CheckpointLayout.LlavaHf,
        ["transformers"] = CheckpointLayout.Transformers,
        ["original"] = CheckpointLayout.OriginalLlava,
    };

    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var adapter = new Argument<string>("ADAPTER") { Description = "An adapter file a trial wrote (adapter.safetensors)." };
        var target = new Option<string>("--output") { Description = "The PEFT directory to write (adapter_model.safetensors, adapter_config.json).", Required = true };
        var layout = new Option<string>("--layout")
        {
            Description = "Module names to export for: transformers (LlavaForConditionalGeneration in transformers >= 4.52), llava-hf (older transformers) or original (LLaVA's own LlavaLlamaForCausalLM).",
            DefaultValueFactory = _ => "transformers",
        };
        layout.AcceptOnlyFromAmong([.. Layouts.Keys]);
        var baseModel = new Option<string?>("--base-model") { Description = "base_model_name_or_path to record, e.g. llava-hf/llava-1.5-7b-hf." };

        var export = new Command("export", "Write a trial's adapter as a PEFT adapter directory, for PeftModel.from_pretrained. Exit codes: 0 written | 2 invalid input.");
        export.Arguments.Add(adapter);
        foreach (var o in new Option[] { target, layout, baseModel })
            export.Options.Add(o);
        export.SetAction(parse =>
        {
            var o = output ?? Console.Out;
            var e = error ?? Console.Error;
            var path = parse.GetValue(adapter)!;
            if (!File.Exists(path))
            {
                e.WriteLine($"error: ADAPTER: {path} does not exist");
                return CommandRunner.UsageError;
            }
            try
            {
                var directory = parse.GetValue(target)!;
                var keys = PeftAdapterExport.Write(path, directory, Layouts[parse.GetValue(layout)!], parse.GetValue(baseModel));
                o.WriteLine($"Wrote {keys.Count} tensors to {Path.Combine(directory, PeftAdapterExport.WeightsFileName)} and {PeftAdapterExport.ConfigFileName}.");
                return CommandRunner.Success;
            }
            catch (InvalidDataException ex)
            {
                e.WriteLine($"error: ADAPTER: {ex.Message}");
                return CommandRunner.UsageError;
            }
        });

        var command = new Command("adapter", "Trained adapters outside LoRASculpt.");
        command.Subcommands.Add(export);
        return command;
    }
}
