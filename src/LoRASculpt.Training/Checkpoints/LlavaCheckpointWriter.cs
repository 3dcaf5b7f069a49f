using System.Text.Json.Nodes;
using LoRASculpt.Core.Models.HuggingFace;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Checkpoints;

/// <summary>
/// Writes a model as a Hugging Face checkpoint directory in any of the three key layouts: config.json, sharded
/// safetensors with their index, and a CLIP preprocessor_config.json (the tokenizer files are the caller's). Tests
/// and benchmarks use it to make small checkpoints in the exact on-disk formats real LLaVA releases use.
/// </summary>
public static class LlavaCheckpointWriter
{
    /// <param name="visionDirectory">Required for <see cref="CheckpointLayout.OriginalLlava"/>: where the CLIP tower goes.</param>
    public static void Write(LlavaForConditionalGeneration model, string directory, CheckpointLayout layout, ScalarType dtype, long maxShardBytes, string? visionDirectory = null)
    {
        Directory.CreateDirectory(directory);
        var config = model.Config with { TorchDtype = DtypeNames.Name(dtype) };
        var main = new List<KeyValuePair<string, Tensor>>();
        var vision = new List<KeyValuePair<string, Tensor>>();
        using var scope = torch.NewDisposeScope();
        foreach (var (name, tensor) in model.state_dict().Where(p => !CheckpointKeyMap.IsBuffer(p.Key)))
        {
            var stored = tensor.detach().to(torch.CPU).to_type(dtype);
            if (CheckpointKeyMap.ToCheckpointKey(layout, name) is { } key)
                main.Add(new(key, stored));
            else if (layout == CheckpointLayout.OriginalLlava)
                vision.Add(new(CheckpointKeyMap.ToCheckpointKey(CheckpointLayout.Clip, name)!, stored));
            else
                throw new InvalidOperationException($"Layout {layout} has no key for '{name}'.");
        }
        SafetensorsWriter.WriteSharded(directory, main, maxShardBytes);
        if (layout == CheckpointLayout.OriginalLlava)
        {
            if (visionDirectory is null) throw new ArgumentNullException(nameof(visionDirectory), "The original layout keeps its CLIP tower in a separate directory.");
            Directory.CreateDirectory(visionDirectory);
            SafetensorsWriter.WriteSharded(visionDirectory, vision, maxShardBytes);
            HfLlavaConfig.WriteOriginal(config, directory, visionDirectory);
            WritePreprocessorConfig(visionDirectory, config.Vision.ImageSize);
        }
        else
        {
            HfLlavaConfig.WriteLlavaHf(config, directory);
            WritePreprocessorConfig(directory, config.Vision.ImageSize);
        }
    }

    /// <summary>CLIPImageProcessor's settings as openai/clip-vit-large-patch14-336 ships them, at the tower's image size.</summary>
    public static void WritePreprocessorConfig(string directory, int imageSize)
    {
        static JsonArray Floats(params double[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        var json = new JsonObject
        {
            ["crop_size"] = new JsonObject { ["height"] = imageSize, ["width"] = imageSize },
            ["do_center_crop"] = true,
            ["do_convert_rgb"] = true,
            ["do_normalize"] = true,
            ["do_rescale"] = true,
            ["do_resize"] = true,
            ["image_mean"] = Floats(0.48145466, 0.4578275, 0.40821073),
            ["image_processor_type"] = "CLIPImageProcessor",
            ["image_std"] = Floats(0.26862954, 0.26130258, 0.27577711),
            ["resample"] = 3,
            ["rescale_factor"] = 1.0 / 255,
            ["size"] = new JsonObject { ["shortest_edge"] = imageSize },
        };
        File.WriteAllText(Path.Combine(directory, LlavaCheckpoint.PreprocessorFileName), json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n", System.Text.Encoding.UTF8);
    }
}
