using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Tests.Safetensors;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Checkpoints;

public sealed class CheckpointLoaderTests
{
    private static readonly string[] ModelKeys =
    [
        "language_model.lm_head.weight",
        "language_model.model.embed_tokens.weight",
        "language_model.model.layers.0.self_attn.q_proj.weight",
        "language_model.model.norm.weight",
        "multi_modal_projector.linear_1.bias",
        "multi_modal_projector.linear_1.weight",
        "multi_modal_projector.linear_2.bias",
        "multi_modal_projector.linear_2.weight",
        "vision_tower.vision_model.embeddings.class_embedding",
        "vision_tower.vision_model.encoder.layers.0.self_attn.q_proj.bias",
        "vision_tower.vision_model.encoder.layers.0.self_attn.q_proj.weight",
    ];

    [Theory]
    [InlineData(CheckpointLayout.LlavaHf, "language_model.lm_head.weight")]
    [InlineData(CheckpointLayout.Transformers, "model.language_model.embed_tokens.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, "model.embed_tokens.weight")]
    public void Loads_every_layout_by_key_with_exact_values(CheckpointLayout layout, string decidingKey)
    {
        using var temp = new TempDirectory();
        using var module = TinyLlava.Create();
        var expected = TinyLlava.ExpectedValues(module);
        Assert.Equal(ModelKeys, expected.Keys.Order(StringComparer.Ordinal));
        var visionDirectory = layout == CheckpointLayout.OriginalLlava ? temp.Subdirectory("clip") : null;
        TinyLlava.WriteCheckpoint(expected, layout, temp.Subdirectory("llava"), visionDirectory);

        var report = CheckpointLoader.Load(module, Path.Combine(temp.Path, "llava"), visionDirectory);

        Assert.Equal(new DetectedLayout(layout, decidingKey), report.Layout);
        Assert.Equal(visionDirectory is null ? null : new DetectedLayout(CheckpointLayout.Clip, "vision_model.embeddings.class_embedding"), report.VisionLayout);
        Assert.Equal(11, report.TensorsLoaded);
        Assert.Equal(2 * expected.Values.Sum(t => t.numel()), report.BytesRead);
        Assert.Equal(["BF16"], report.DTypes);
        var state = module.state_dict();
        foreach (var (key, value) in expected)
        {
            Assert.Equal(torch.float32, state[key].dtype);
            Assert.Equal(value.data<float>().ToArray(), state[key].data<float>().ToArray());
        }
        Assert.Equal([0L, 1L, 2L], state["vision_tower.vision_model.embeddings.position_ids"].data<long>().ToArray()); // buffers are not loaded
        Assert.Equal([1f, 0.5f], state["language_model.model.layers.0.self_attn.rotary_emb.inv_freq"].data<float>().ToArray());
    }

    [Fact]
    public void A_bf16_module_receives_the_bytes_unchanged()
    {
        using var temp = new TempDirectory();
        using var module = TinyLlava.Create();
        var expected = TinyLlava.ExpectedValues(module);
        TinyLlava.WriteCheckpoint(expected, CheckpointLayout.LlavaHf, temp.Path, null);
        module.to(torch.bfloat16);

        CheckpointLoader.Load(module, temp.Path);

        var state = module.state_dict();
        foreach (var (key, value) in expected)
        {
            using var bf16 = value.to_type(torch.bfloat16);
            Assert.Equal(torch.bfloat16, state[key].dtype);
            Assert.Equal(bf16.bytes.ToArray(), state[key].bytes.ToArray());
        }
    }

    [Fact]
    public void Missing_and_unexpected_keys_are_all_named_in_one_error_and_nothing_is_loaded()
    {
        using var temp = new TempDirectory();
        using var module = TinyLlava.Create();
        var values = TinyLlava.ExpectedValues(module);
        values.Remove("language_model.lm_head.weight");
        values.Remove("multi_modal_projector.linear_2.bias");
        values["language_model.model.layers.9.mlp.up_proj.weight"] = torch.ones(2, 2);
        TinyLlava.WriteCheckpoint(values, CheckpointLayout.Transformers, temp.Path, null);
        using (torch.no_grad()) module.state_dict()["language_model.model.norm.weight"].zero_();

        var error = Assert.Throws<CheckpointMismatchException>(() => CheckpointLoader.Load(module, temp.Path));

        Assert.Equal(["language_model.lm_head.weight", "multi_modal_projector.linear_2.bias"], error.Missing);
        Assert.Equal(["model.language_model.layers.9.mlp.up_proj.weight"], error.Unexpected);
        Assert.Empty(error.Misshapen);
        Assert.Contains("(Transformers, decided by key 'model.language_model.embed_tokens.weight')", error.Message);
        Assert.Contains("2 missing (in the module, not the checkpoint): [language_model.lm_head.weight, multi_modal_projector.linear_2.bias]", error.Message);
        Assert.Contains("1 unexpected (in the checkpoint, not the module): [model.language_model.layers.9.mlp.up_proj.weight]", error.Message);
        Assert.Equal([0f, 0f, 0f], module.state_dict()["language_model.model.norm.weight"].data<float>().ToArray());
    }

    [Fact]
    public void A_misshapen_tensor_is_named_with_both_shapes()
    {
        using var temp = new TempDirectory();
        using var module = TinyLlava.Create();
        var values = TinyLlava.ExpectedValues(module);
        values["language_model.model.norm.weight"] = torch.ones(4);
        values["multi_modal_projector.linear_1.weight"] = torch.ones(4, 3);
        TinyLlava.WriteCheckpoint(values, CheckpointLayout.LlavaHf, temp.Path, null);

        var error = Assert.Throws<CheckpointMismatchException>(() => CheckpointLoader.Load(module, temp.Path));

        Assert.Equal(
            ["language_model.model.norm.weight: checkpoint [4] vs module [3]", "multi_modal_projector.linear_1.weight: checkpoint [4, 3] vs module [3, 4]"],
            error.Misshapen);
        Assert.Empty(error.Missing);
        Assert.Empty(error.Unexpected);
    }

    [Fact]
    public void The_original_release_without_its_clip_directory_reports_the_vision_tower_missing_and_says_why()
    {
        using var temp = new TempDirectory();
        using var module = TinyLlava.Create();
        TinyLlava.WriteCheckpoint(TinyLlava.ExpectedValues(module), CheckpointLayout.OriginalLlava, temp.Subdirectory("llava"), temp.Subdirectory("clip"));

        var error = Assert.Throws<CheckpointMismatchException>(() => CheckpointLoader.Load(module, Path.Combine(temp.Path, "llava")));

        Assert.Equal(ModelKeys.Where(k => k.StartsWith("vision_tower.", StringComparison.Ordinal)), error.Missing);
        Assert.Contains("pass it as the vision directory", error.Message);
    }

    [Fact]
    public void A_pickle_only_directory_is_refused_with_the_conversion()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("pytorch_model.bin"), [0x80]);
        using var module = TinyLlava.Create();
        var error = Assert.Throws<InvalidDataException>(() => CheckpointLoader.Load(module, temp.Path));
        Assert.Contains("safetensors is required", error.Message);
        Assert.Contains("save_file(", error.Message);
    }

    [Fact]
    public void A_clip_directory_given_as_the_main_checkpoint_is_refused()
    {
        using var temp = new TempDirectory();
        using var module = TinyLlava.Create();
        TinyLlava.WriteCheckpoint(TinyLlava.ExpectedValues(module), CheckpointLayout.OriginalLlava, temp.Subdirectory("llava"), temp.Subdirectory("clip"));
        var error = Assert.Throws<InvalidDataException>(() => CheckpointLoader.Load(module, Path.Combine(temp.Path, "clip")));
        Assert.Contains("is a CLIP model (key 'vision_model.embeddings.class_embedding')", error.Message);
    }

    [Fact]
    public void Long_lists_are_capped_with_the_count()
    {
        var missing = Enumerable.Range(0, 25).Select(i => $"k{i:D2}").ToList();
        var error = new CheckpointMismatchException("Checkpoint 'x'", missing, [], []);
        Assert.Contains("25 missing (in the module, not the checkpoint): [k00, k01,", error.Message);
        Assert.Contains("k19, ... and 5 more]", error.Message);
        Assert.DoesNotContain("k20", error.Message);
    }
}
