using System.Text.Json;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Safetensors;
using LoRASculpt.Training.Tests.Checkpoints;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Adapters;

/// <summary>A trial's adapter as a PEFT directory, under the module names of the layout a Python user loads.</summary>
public sealed class PeftAdapterExportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("peft-export-").FullName;

    private string SaveAdapter(string method, string connector = "frozen", bool dare = false)
    {
        var settings = TrialSettings.Create(method, "tiny-llava", "icon-mc", [],
            new Dictionary<string, string> { ["rank"] = "4", ["lora_alpha"] = "8", ["lora_dropout"] = "0.1", ["connector"] = connector });
        using var model = LlavaForConditionalGeneration.Create(TinyCheckpoints.Config(CheckpointLayout.LlavaHf), seed: 3);
        using var generator = new torch.Generator(5);
        using var adapters = AdapterInjector.Inject(model, settings, generator);
        var path = Path.Combine(_root, $"{method}-{connector}.safetensors");
        var deltas = dare ? new Dictionary<string, torch.Tensor> { ["language_model.model.layers.0.self_attn.q_proj"] = torch.zeros(32, 32) } : null;
        AdapterFile.Save(path, settings, adapters, deltas);
        return path;
    }

    [Fact]
    public void Lora_factors_get_the_transformers_module_names_and_a_lora_config()
    {
        var adapter = SaveAdapter("lorasculpt");
        var output = Path.Combine(_root, "peft");

        var keys = PeftAdapterExport.Write(adapter, output, CheckpointLayout.Transformers, "llava-hf/llava-1.5-7b-hf");

        Assert.Equal(2 * 7 * 2, keys.Count); // 2 layers x 7 projections x (A, B)
        Assert.Contains("base_model.model.model.language_model.layers.0.self_attn.q_proj.lora_A.weight", keys);
        Assert.Contains("base_model.model.model.language_model.layers.1.mlp.down_proj.lora_B.weight", keys);
        using (var original = new SafetensorsReader(adapter))
        using (var exported = new SafetensorsReader(Path.Combine(output, PeftAdapterExport.WeightsFileName)))
        {
            var a = original.ReadTensor("base_model.model.language_model.model.layers.0.self_attn.q_proj.lora_A.weight");
            var b = exported.ReadTensor("base_model.model.model.language_model.layers.0.self_attn.q_proj.lora_A.weight");
            Assert.True(a.eq(b).all().item<bool>());
        }
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, PeftAdapterExport.ConfigFileName)));
        var root = config.RootElement;
        Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
        Assert.Equal(4, root.GetProperty("r").GetInt32());
        Assert.Equal(8, root.GetProperty("lora_alpha").GetDouble());
        Assert.Equal(0.1, root.GetProperty("lora_dropout").GetDouble());
        Assert.False(root.GetProperty("use_dora").GetBoolean());
        Assert.Equal("llava-hf/llava-1.5-7b-hf", root.GetProperty("base_model_name_or_path").GetString());
        var targets = root.GetProperty("target_modules").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Equal(14, targets.Length);
        Assert.Contains("model.language_model.layers.1.self_attn.v_proj", targets);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("modules_to_save").ValueKind);
    }

    [Fact]
    public void A_fully_trained_connector_is_saved_as_modules_to_save_under_the_layouts_names()
    {
        var adapter = SaveAdapter("lora", connector: "full");

        var keys = PeftAdapterExport.Write(adapter, Path.Combine(_root, "peft"), CheckpointLayout.OriginalLlava);

        Assert.Contains("base_model.model.model.mm_projector.0.weight", keys);
        Assert.Contains("base_model.model.model.mm_projector.2.bias", keys);
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", keys);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "peft", PeftAdapterExport.ConfigFileName)));
        Assert.Equal(["model.mm_projector.0", "model.mm_projector.2"],
            config.RootElement.GetProperty("modules_to_save").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void A_post_hoc_methods_weight_updates_are_refused_by_name()
    {
        var adapter = SaveAdapter("dare", dare: true);

        var error = Assert.Throws<InvalidDataException>(() => PeftAdapterExport.Write(adapter, Path.Combine(_root, "peft"), CheckpointLayout.LlavaHf));
        Assert.Contains("dare's fixed weight updates", error.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "peft")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
