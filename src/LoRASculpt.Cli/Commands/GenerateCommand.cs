using System.CommandLine;
using LoRASculpt.Cli.Commands.Model;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Conversations;
using LoRASculpt.Training.Devices;
using LoRASculpt.Training.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// <c>lorasculpt generate --model DIR [--adapter FILE] --image FILE --prompt TEXT</c>: one answer from a LLaVA-1.5
/// checkpoint, asked as LLaVA's model_vqa asks (Vicuna v1 prompt with the image before the question, greedy decoding
/// until EOS, special tokens skipped, whitespace trimmed). With --adapter, a trial's adapter file is applied first as
/// fixed weight updates. Prints only the answer on stdout; errors go to stderr.
/// </summary>
public static class GenerateCommand
{
    public const int DefaultMaxNewTokens = 64;

    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var model = new Option<string>("--model") { Description = "A Hugging Face LLaVA-1.5 checkpoint directory (llava-hf, transformers or original layout).", Required = true };
        var visionTower = new Option<string?>("--vision-tower") { Description = "The original layout's CLIP directory (default: found from config.json's mm_vision_tower)." };
        var adapter = new Option<string?>("--adapter") { Description = "An adapter file a trial wrote (adapter.safetensors), applied as weight updates." };
        var image = new Option<string>("--image") { Description = "The image (PNG or JPEG).", Required = true };
        var prompt = new Option<string>("--prompt") { Description = "The question; the image goes before it, as in LLaVA's model_vqa.", Required = true };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "At most this many answer tokens.", DefaultValueFactory = _ => DefaultMaxNewTokens };
        var precision = new Option<string?>("--precision")
        {
            Description = "Compute dtype: fp32 or bf16 (default: the checkpoint's torch_dtype). Weights stay in the checkpoint's dtype either way.",
        };
        precision.AcceptOnlyFromAmong("fp32", "bf16");
        var device = new Option<string>("--device") { Description = "cpu or cuda:N.", DefaultValueFactory = _ => "cpu" };

        var command = new Command("generate",
            "Answer one question about one image with a LLaVA-1.5 checkpoint (greedy, Vicuna v1 prompt), optionally with a trained adapter applied. " +
            "Exit codes: 0 answered | 1 runtime failure (e.g. the weights do not match the config) | 2 invalid input.");
        foreach (var o in new Option[] { model, visionTower, adapter, image, prompt, maxNewTokens, precision, device })
            command.Options.Add(o);

        command.SetAction(parse =>
        {
            var o = output ?? Console.Out;
            var e = error ?? Console.Error;
            try
            {
                var request = new GenerateRequest(
                    parse.GetValue(model)!,
                    parse.GetValue(visionTower),
                    parse.GetValue(adapter),
                    parse.GetValue(image)!,
                    parse.GetValue(prompt)!,
                    parse.GetValue(maxNewTokens),
                    ComputeDtype(parse.GetValue(precision)),
                    ParseDevice(parse.GetValue(device)!));
                o.WriteLine(Answer(request));
                return CommandRunner.Success;
            }
            catch (UsageException ex)
            {
                e.WriteLine($"error: {ex.Message}");
                return CommandRunner.UsageError;
            }
            catch (CheckpointMismatchException ex)
            {
                e.WriteLine($"error: {ex.Message}");
                return CommandRunner.Failure;
            }
            catch (Exception ex) when (ModelInspectCommand.IsInvalidInput(ex))
            {
                e.WriteLine($"error: {ex.Message}");
                return CommandRunner.UsageError;
            }
        });
        return command;
    }

    /// <summary>What to ask of which model: validated options.</summary>
    public sealed record GenerateRequest(
        string ModelDirectory,
        string? VisionTowerDirectory,
        string? AdapterPath,
        string ImagePath,
        string Prompt,
        int MaxNewTokens,
        ScalarType? ComputeDtype,
        string Device);

    /// <summary>Opens the checkpoint on the device, applies the adapter, and returns the greedy answer's text.</summary>
    public static string Answer(GenerateRequest request)
    {
        if (request.MaxNewTokens < 1) throw new UsageException($"--max-new-tokens must be at least 1, got {request.MaxNewTokens}.");
        if (!File.Exists(request.ImagePath)) throw new UsageException($"--image: '{request.ImagePath}' does not exist.");
        if (request.AdapterPath is not null && !File.Exists(request.AdapterPath)) throw new UsageException($"--adapter: '{request.AdapterPath}' does not exist.");
        if (!Directory.Exists(request.ModelDirectory)) throw new UsageException($"--model: '{request.ModelDirectory}' does not exist.");
        // Decoded before the model loads: a bad image should not cost a 14 GB load.
        var decoded = ImageDecoder.Decode(request.ImagePath);

        using var checkpoint = LlavaCheckpoint.Open(request.ModelDirectory, new LlavaCheckpointOptions
        {
            Device = TorchDevices.Parse(request.Device),
            ComputeDtype = request.ComputeDtype,
            VisionTowerDirectory = request.VisionTowerDirectory,
        });
        checkpoint.Model.eval();
        using var applied = request.AdapterPath is null ? null : AppliedAdapter.Attach(checkpoint.Model, request.AdapterPath);
        var ids = ConversationTemplate.VicunaV1.PromptIds(request.Prompt, checkpoint.Tokenizer, hasImage: true, checkpoint.TokenOptions);
        using var pixels = ClipPixelValues.ToBatchTensor([checkpoint.Images.Preprocess(decoded)]);
        var answer = checkpoint.Model.Generate(pixels, [ids], request.MaxNewTokens)[0];
        return checkpoint.Tokenizer.Decode(answer).Trim();
    }

    private static ScalarType? ComputeDtype(string? precision) => precision switch
    {
        null => null,
        "fp32" => ScalarType.Float32,
        "bf16" => ScalarType.BFloat16,
        _ => throw new UsageException($"--precision must be fp32 or bf16, got '{precision}'."),
    };

    /// <summary>A device this build and host can use; a CUDA device on the CPU build is refused up front with what to do.</summary>
    private static string ParseDevice(string device)
    {
        try
        {
            TorchDevices.EnsureAvailable(device);
            return device;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"--device: {e.Message.Split(" (Parameter")[0]} Here, --device cpu runs on the CPU.");
        }
    }
}
