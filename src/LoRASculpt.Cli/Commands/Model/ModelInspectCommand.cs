using System.CommandLine;
using System.Text.Json;

namespace LoRASculpt.Cli.Commands.Model;

/// <summary>
/// <c>lorasculpt model inspect DIR [--vision-tower DIR] [--json]</c>: what a Hugging Face LLaVA-1.5 checkpoint holds and
/// whether it would load, from its headers alone (instant on a 14 GB model). Exit 0 when it loads, 1 when keys are
/// missing, unexpected or misshapen (or another problem would stop it), 2 when the directory is not a readable checkpoint.
/// </summary>
public static class ModelInspectCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The "inspect" command, for the <c>model</c> group; output and error default to the console.</summary>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var directory = new Argument<string>("directory") { Description = "The checkpoint directory (llava-hf, transformers >= 4.52 or original LLaVA-1.5 layout)." };
        var visionTower = new Option<string?>("--vision-tower")
        {
            Description = "The original layout's CLIP directory (default: found from config.json's mm_vision_tower, as a path, a sibling or a child folder).",
        };
        var json = new Option<bool>("--json") { Description = "Print the inspection as JSON instead of text." };
        var command = new Command("inspect",
            "Inspect a LLaVA-1.5 checkpoint without loading its weights: layout, config, shards, parameters per component and dtype, " +
            "tokenizer, preprocessing, a check of every expected key and shape, and the memory the weights need. " +
            "Exit codes: 0 loads | 1 missing, unexpected or misshapen keys (or another problem) | 2 not a readable checkpoint.");
        command.Arguments.Add(directory);
        command.Options.Add(visionTower);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var o = output ?? Console.Out;
            var e = error ?? Console.Error;
            CheckpointInspection inspection;
            try
            {
                inspection = CheckpointInspector.Inspect(parse.GetValue(directory)!, parse.GetValue(visionTower));
            }
            catch (Exception ex) when (IsInvalidInput(ex))
            {
                e.WriteLine($"error: {ex.Message}");
                return CommandRunner.UsageError;
            }
            if (parse.GetValue(json))
                o.WriteLine(JsonSerializer.Serialize(inspection, Json));
            else
                InspectionText.Write(o, inspection);
            if (inspection.Ok) return CommandRunner.Success;
            e.WriteLine($"error: checkpoint '{inspection.Directory}' would not load: {inspection.Problems.Count} problem(s).");
            foreach (var problem in inspection.Problems) e.WriteLine($"  {problem}");
            return CommandRunner.Failure;
        });
        return command;
    }

    /// <summary>A directory that is not a readable checkpoint: missing files, an unknown layout, an invalid config or tokenizer.</summary>
    internal static bool IsInvalidInput(Exception e) =>
        e is DirectoryNotFoundException or FileNotFoundException or InvalidDataException or NotSupportedException or JsonException;
}
