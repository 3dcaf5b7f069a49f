using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Safetensors;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// Turns a trial's adapter file into a PEFT adapter directory (adapter_model.safetensors + adapter_config.json) for the
/// module names of a checkpoint layout, so `PeftModel.from_pretrained(model, DIR)` loads it in Python. Our adapter keys
/// use llava-hf's module names; transformers 4.52 and later name the same modules "model.language_model.*".
/// LoRA, LoRASculpt (sparse LoRA factors), DoRA, L2 and Orth-Reg adapters export; DARE and Model Tailor store a fixed
/// weight update per module instead of factors, which PEFT cannot hold.
/// </summary>
public static class PeftAdapterExport
{
    public const string WeightsFileName = "adapter_model.safetensors";
    public const string ConfigFileName = "adapter_config.json";

    private const string PeftRoot = "base_model.model.";
    private static readonly string[] FactorSuffixes = [".lora_A.weight", ".lora_B.weight", ".lora_magnitude_vector"];

    /// <summary>Writes the PEFT directory and returns the exported tensor keys, in order.</summary>
    /// <exception cref="InvalidDataException">Not an adapter file, or a post-hoc method's weight updates.</exception>
    public static IReadOnlyList<string> Write(string adapterPath, string outputDirectory, CheckpointLayout layout, string? baseModelNameOrPath = null)
    {
        if (layout == CheckpointLayout.Clip)
            throw new ArgumentException("A CLIP tower is not a LLaVA layout to export for.", nameof(layout));
        using var reader = new SafetensorsReader(adapterPath);
        if (!reader.Metadata.TryGetValue("format", out var format) || format != AdapterFile.Format)
            throw new InvalidDataException($"'{adapterPath}' is not a {AdapterFile.Format} file.");
        var deltas = reader.Tensors.Keys.Where(k => k.EndsWith(".delta_weight", StringComparison.Ordinal)).ToArray();
        if (deltas.Length > 0)
            throw new InvalidDataException(
                $"'{adapterPath}' holds {reader.Metadata["method"]}'s fixed weight updates ({deltas.Length} modules, e.g. {deltas[0]}), not LoRA factors: PEFT has no format for them.");

        var exported = new List<KeyValuePair<string, Tensor>>();
        var adapted = new SortedSet<string>(StringComparer.Ordinal);
        var saved = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var key in reader.Tensors.Keys.Order(StringComparer.Ordinal))
            {
                if (!key.StartsWith(PeftRoot, StringComparison.Ordinal))
                    throw new InvalidDataException($"'{adapterPath}' has key '{key}' outside '{PeftRoot}'.");
                var rest = key[PeftRoot.Length..];
                var suffix = FactorSuffixes.FirstOrDefault(s => rest.EndsWith(s, StringComparison.Ordinal));
                string target;
                if (suffix is not null)
                {
                    var module = ModuleName(layout, rest[..^suffix.Length]);
                    adapted.Add(module);
                    target = module + suffix;
                }
                else
                {
                    // A fully fine-tuned connector's own weights: PEFT's modules_to_save.
                    target = CheckpointKeyMap.ToCheckpointKey(layout, rest) ?? throw Unmapped(layout, rest);
                    saved.Add(target[..target.LastIndexOf('.')]);
                }
                exported.Add(new(PeftRoot + target, reader.ReadTensor(key)));
            }
            Directory.CreateDirectory(outputDirectory);
            SafetensorsWriter.Write(Path.Combine(outputDirectory, WeightsFileName), exported, new Dictionary<string, string> { ["format"] = "pt" });
            File.WriteAllText(Path.Combine(outputDirectory, ConfigFileName), Config(reader.Metadata, adapted, saved, baseModelNameOrPath) + "\n");
            return exported.Select(e => e.Key).ToArray();
        }
        finally
        {
            foreach (var (_, tensor) in exported) tensor.Dispose();
        }
    }

    /// <summary>A module's name in <paramref name="layout"/>: the name its weight has there, without ".weight".</summary>
    private static string ModuleName(CheckpointLayout layout, string module)
    {
        var weight = CheckpointKeyMap.ToCheckpointKey(layout, module + ".weight") ?? throw Unmapped(layout, module);
        return weight[..^".weight".Length];
    }

    private static InvalidDataException Unmapped(CheckpointLayout layout, string name) =>
        new($"The {layout} layout has no name for '{name}'.");

    /// <summary>
    /// PEFT's LoraConfig. target_modules lists the adapted modules by full name (PEFT matches a list entry as the whole
    /// name or a dotted suffix), so the CLIP tower's own q_proj/k_proj/v_proj stay untouched.
    /// </summary>
    private static string Config(IReadOnlyDictionary<string, string> metadata, IEnumerable<string> adapted, IReadOnlyCollection<string> saved, string? baseModel)
    {
        var parameters = metadata.GetValueOrDefault("parameters", "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var c = CultureInfo.InvariantCulture;
        var json = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["base_model_name_or_path"] = baseModel,
            ["r"] = int.Parse(metadata["rank"], c),
            ["lora_alpha"] = double.Parse(metadata["lora_alpha"], c),
            ["lora_dropout"] = double.Parse(parameters.GetValueOrDefault("lora_dropout", "0"), c),
            ["target_modules"] = new JsonArray(adapted.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            ["modules_to_save"] = saved.Count == 0 ? null : new JsonArray(saved.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            ["use_dora"] = metadata.GetValueOrDefault("method") == "dora",
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["init_lora_weights"] = true,
            ["inference_mode"] = true,
            ["task_type"] = null,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
