using System.Text.Json;
using LoRASculpt.Cli.Commands.Model;
using LoRASculpt.Core.Models;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Safetensors;
using LoRASculpt.Training.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Cli.Tests.Model;

/// <summary>
/// <c>model inspect</c> on tiny checkpoints in each layout. Expected counts are worked out by hand from the tiny config
/// (<see cref="TinyCheckpoints.Config"/>): CLIP 28/14 (4 patches), hidden 32, 2 layers, MLP 64; projector 32 -> 32 -> 32;
/// LLaMA hidden 32, 2 layers, 4 heads of 8 with 2 KV heads, MLP 64, vocabulary 448 rows (llava-hf) or 400 (original).
/// </summary>
public sealed class ModelInspectCommandTests : IDisposable
{
    // Vision: class 32 + patch 32*3*14*14 = 18816 + positions 5*32 = 160 + pre_layrnorm 64 + post_layernorm 64
    // + 2 layers * (4 * (32*32 + 32) + 2 * 64 + (32*64 + 64) + (64*32 + 32)) = 2 * 8544 = 17088.
    private const long VisionParameters = 32 + 18816 + 160 + 64 + 64 + 17088;
    private const int VisionTensors = 3 + 2 + 2 + 2 * 16;

    // linear_1 and linear_2: 32*32 + 32 each.
    private const long ProjectorParameters = 2 * (32 * 32 + 32);

    // Per layer: q 32*32, k and v 16*32, o 32*32, gate/up/down 64*32, two norms of 32 = 9280; plus final norm 32.
    private const long DecoderParameters = 2 * 9280 + 32;

    private static long TextParameters(int vocab) => 2L * vocab * 32 + DecoderParameters;

    private readonly string _root = Directory.CreateTempSubdirectory("model-inspect-").FullName;

    [Theory]
    [InlineData(CheckpointLayout.LlavaHf, 448, "language_model.lm_head.weight")]
    [InlineData(CheckpointLayout.Transformers, 448, "model.language_model.embed_tokens.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, 400, "model.embed_tokens.weight")]
    public void A_tiny_checkpoint_in_each_layout_is_counted_exactly(CheckpointLayout layout, int vocab, string decidingKey)
    {
        var directory = Write(layout);

        var text = ModelCli.Run(ModelInspectCommand.Create, directory);
        var json = ModelCli.Run(ModelInspectCommand.Create, directory, "--json");

        Assert.Equal((0, ""), (text.Exit, text.Error));
        Assert.Equal((0, ""), (json.Exit, json.Error));
        var total = VisionParameters + ProjectorParameters + TextParameters(vocab);
        Assert.Equal(layout == CheckpointLayout.OriginalLlava ? 82_528 : 85_600, total);
        Assert.Contains($"layout: {layout} (decided by key '{decidingKey}')", text.Output);
        Assert.Contains($"Tensors: 64, {total:N0} parameters, {2 * total:N0} bytes", text.Output);
        Assert.Contains("Keys: all 64 expected weights present with the right shapes", text.Output);
        Assert.Contains("OK: the checkpoint loads.", text.Output);

        using var document = JsonDocument.Parse(json.Output);
        var root = document.RootElement;
        Assert.Equal(layout.ToString(), root.GetProperty("layout").GetProperty("layout").GetString());
        Assert.Equal(decidingKey, root.GetProperty("layout").GetProperty("deciding_key").GetString());
        Assert.Equal(
            [("vision tower", VisionTensors, VisionParameters), ("projector", 4, ProjectorParameters), ("language model", 21, TextParameters(vocab))],
            Groups(root.GetProperty("components")).Select(g => (g.Name, g.Tensors, g.Parameters)));
        Assert.Equal([("BF16", 64, total)], Groups(root.GetProperty("dtypes")).Select(g => (g.Name, g.Tensors, g.Parameters)));
        Assert.All(Groups(root.GetProperty("components")).Concat(Groups(root.GetProperty("dtypes"))), g => Assert.Equal(2 * g.Parameters, g.Bytes));
        var memory = root.GetProperty("memory");
        Assert.Equal(total, memory.GetProperty("parameters").GetInt64());
        Assert.Equal(2 * total, memory.GetProperty("weight_bytes").GetInt64());
        Assert.Equal(4 * total, memory.GetProperty("float32_bytes").GetInt64());
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(64, root.GetProperty("keys").GetProperty("matched").GetInt32());

        var config = root.GetProperty("config");
        Assert.Equal("bfloat16", config.GetProperty("torch_dtype").GetString());
        Assert.Equal(vocab, config.GetProperty("text").GetProperty("vocab_size").GetInt32());
        Assert.Equal(2, config.GetProperty("text").GetProperty("key_value_heads").GetInt32());
        Assert.Equal(4, config.GetProperty("projector").GetProperty("image_tokens").GetInt32());
        var tokenizer = root.GetProperty("tokenizer");
        var original = layout == CheckpointLayout.OriginalLlava;
        Assert.Equal(original ? -200 : 400, tokenizer.GetProperty("image_id").GetInt32());
        Assert.Equal(original ? 400 : 402, tokenizer.GetProperty("vocab_size").GetInt32());
        Assert.Equal(original ? 0 : 401, tokenizer.GetProperty("pad_id").GetInt32());
        var preprocessor = root.GetProperty("preprocessor");
        Assert.Equal(28, preprocessor.GetProperty("crop_height").GetInt32());
        // LLaVA-1.5 pads to a square; only the original config says so, llava-hf gets it by default.
        Assert.True(preprocessor.GetProperty("pad_to_square").GetBoolean());
        var shards = root.GetProperty("shards").EnumerateArray().ToList();
        Assert.True(shards.Count >= 3);
        Assert.Equal(64, shards.Sum(s => s.GetProperty("tensors").GetInt32()));
        Assert.Equal(original, root.GetProperty("vision_directory").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public void A_missing_key_exits_1_and_is_named()
    {
        var directory = Write(CheckpointLayout.LlavaHf);
        const string Dropped = "language_model.model.layers.1.mlp.up_proj.weight";
        Rewrite(directory, (key, t) => key == Dropped ? null : t);

        var result = ModelCli.Run(ModelInspectCommand.Create, directory);

        Assert.Equal(CommandRunner.Failure, result.Exit);
        Assert.Contains($"missing: {Dropped}", result.Output);
        Assert.Contains($"1 missing key(s) (in the model, not the checkpoint): [{Dropped}]", result.Error);
        Assert.Contains("63 of 64 expected weights match", result.Output);
    }

    [Fact]
    public void A_misshapen_key_exits_1_naming_both_shapes()
    {
        var directory = Write(CheckpointLayout.Transformers);
        Rewrite(directory, (key, t) => key == "model.multi_modal_projector.linear_2.weight" ? t[..16] : t);

        var result = ModelCli.Run(ModelInspectCommand.Create, directory, "--json");

        Assert.Equal(CommandRunner.Failure, result.Exit);
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal(
            ["multi_modal_projector.linear_2.weight: checkpoint [16, 32] vs model [32, 32]"],
            document.RootElement.GetProperty("keys").GetProperty("misshapen").EnumerateArray().Select(e => e.GetString()));
        Assert.False(document.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void A_folder_that_is_not_a_checkpoint_exits_2_naming_it()
    {
        var directory = Path.Combine(_root, "notes");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "README.md"), "not a model\n");

        var result = ModelCli.Run(ModelInspectCommand.Create, directory);

        Assert.Equal(CommandRunner.UsageError, result.Exit);
        Assert.Equal("", result.Output);
        Assert.Contains(directory, result.Error);
        Assert.Contains("model.safetensors", result.Error);
    }

    [Fact]
    public void A_directory_that_does_not_exist_exits_2()
    {
        var result = ModelCli.Run(ModelInspectCommand.Create, Path.Combine(_root, "nowhere"));

        Assert.Equal(CommandRunner.UsageError, result.Exit);
        Assert.Contains(Path.Combine(_root, "nowhere"), result.Error);
    }

    [Fact]
    public void A_clip_directory_given_as_the_checkpoint_says_to_pass_it_as_the_vision_tower()
    {
        var directory = Write(CheckpointLayout.OriginalLlava);

        var result = ModelCli.Run(ModelInspectCommand.Create, TinyCheckpoints.VisionDirectory(directory));

        Assert.Equal(CommandRunner.UsageError, result.Exit);
        Assert.Contains("--vision-tower", result.Error);
    }

    [Fact]
    public void The_original_layouts_clip_tower_elsewhere_is_named_and_found_with_vision_tower()
    {
        var directory = Write(CheckpointLayout.OriginalLlava);
        var moved = Path.Combine(_root, "elsewhere", "clip");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(TinyCheckpoints.VisionDirectory(directory), moved);

        var lost = ModelCli.Run(ModelInspectCommand.Create, directory);
        var found = ModelCli.Run(ModelInspectCommand.Create, directory, "--vision-tower", moved);

        Assert.Equal(CommandRunner.UsageError, lost.Exit);
        Assert.Contains("mm_vision_tower", lost.Error);
        Assert.Contains(TinyCheckpoints.VisionDirectory(directory), lost.Error);
        Assert.Equal((0, ""), (found.Exit, found.Error));
        Assert.Contains($"vision tower: {moved} (Clip, decided by key 'vision_model.", found.Output);
    }

    /// <summary>llava-1.5-7b-hf's shapes, built on the meta device: the published 7,063,427,072 parameters in 686 tensors.</summary>
    [Fact]
    public void The_expected_weights_of_llava_1_5_7b_match_its_published_size()
    {
        var config = new MllmConfig(
            "llava-1.5-7b-hf",
            new VisionConfig(ImageSize: 336, PatchSize: 14, NumChannels: 3, HiddenSize: 1024, NumLayers: 24, NumHeads: 16, IntermediateSize: 4096),
            new TextConfig(VocabSize: 32064, HiddenSize: 4096, IntermediateSize: 11008, NumLayers: 32, NumHeads: 32, NumKeyValueHeads: 32,
                RopeTheta: 10000, MaxPositionEmbeddings: 4096, RmsNormEps: 1e-5),
            ImageTokenId: 32000, PadTokenId: 32001, TokenizerVocabSize: 32002, TorchDtype: "float16");

        var weights = ExpectedWeights.Of(config);

        Assert.Equal(686, weights.Count);
        // Vision 303,507,456 + projector 20,979,712 + LLaMA-2-7B with 64 padding rows in embed_tokens and lm_head 6,738,939,904.
        Assert.Equal(7_063_427_072L, weights.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)));
        Assert.Equal([32064L, 4096L], weights["language_model.lm_head.weight"]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(CheckpointLayout layout)
    {
        var directory = Path.Combine(_root, layout.ToString());
        TinyCheckpoints.Write(directory, layout).Dispose();
        return directory;
    }

    private static IEnumerable<(string Name, int Tensors, long Parameters, long Bytes)> Groups(JsonElement array) =>
        array.EnumerateArray().Select(g => (g.GetProperty("name").GetString()!, g.GetProperty("tensors").GetInt32(), g.GetProperty("parameters").GetInt64(), g.GetProperty("bytes").GetInt64()));

    /// <summary>Rewrites every shard's tensors through <paramref name="change"/> (null drops the key), keeping the key names.</summary>
    private static void Rewrite(string directory, Func<string, Tensor, Tensor?> change)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        using (var checkpoint = SafetensorsCheckpoint.Open(directory))
            foreach (var key in checkpoint.Keys)
                if (change(key, checkpoint.ReadTensor(key)) is { } kept)
                    tensors.Add(new(key, kept.contiguous()));
        foreach (var file in Directory.GetFiles(directory, "*.safetensors*")) File.Delete(file);
        SafetensorsWriter.WriteSharded(directory, tensors, 64 * 1024);
    }
}
