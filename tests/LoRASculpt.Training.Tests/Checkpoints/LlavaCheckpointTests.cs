using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Checkpoints;

/// <summary>A checkpoint directory in each key layout opens as the model that wrote it, with its tokenizer and images.</summary>
public sealed class LlavaCheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("llava-checkpoint-").FullName;

    [Theory]
    [InlineData(CheckpointLayout.LlavaHf)]
    [InlineData(CheckpointLayout.Transformers)]
    [InlineData(CheckpointLayout.OriginalLlava)]
    public void Loading_gives_exactly_the_logits_of_the_model_built_in_memory(CheckpointLayout layout)
    {
        var directory = Path.Combine(_root, layout.ToString());
        using var written = TinyCheckpoints.Write(directory, layout);
        Assert.True(Directory.GetFiles(directory, "*.safetensors").Length >= 2, "the checkpoint should be sharded");
        Assert.True(File.Exists(Path.Combine(directory, "model.safetensors.index.json")));

        using var checkpoint = LlavaCheckpoint.Open(directory);

        Assert.Equal(layout, checkpoint.Report.Layout.Layout);
        Assert.Equal(ScalarType.BFloat16, checkpoint.Model.parameters().First().dtype);
        // The projector (trained by connector=full) keeps float32 master weights; the logits below show it computes as before.
        Assert.All(checkpoint.Model.Projector.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Equal(written.Config with { Name = checkpoint.Config.Name }, checkpoint.Config);
        using var scope = torch.NewDisposeScope();
        var (pixels, ids, mask) = Inputs(checkpoint);
        using var noGrad = torch.no_grad();
        var expected = written.Logits(pixels, ids, mask);
        var actual = checkpoint.Model.Logits(pixels, ids, mask);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), $"logits differ by up to {(expected - actual).abs().max().item<float>()}");
        // The padded embedding rows (llava-hf: 402 real tokens of 448) are cut from the logits.
        Assert.Equal(checkpoint.Tokenizer.VocabSize, (int)actual.shape[^1]);
    }

    [Fact]
    public void A_missing_key_is_named()
    {
        var directory = Path.Combine(_root, "missing");
        TinyCheckpoints.Write(directory, CheckpointLayout.LlavaHf).Dispose();
        Rewrite(directory, (key, t) => key == "language_model.model.layers.1.mlp.up_proj.weight" ? null : t);

        var error = Assert.Throws<CheckpointMismatchException>(() => LlavaCheckpoint.Open(directory));
        Assert.Contains("language_model.model.layers.1.mlp.up_proj.weight", error.Message);
    }

    [Fact]
    public void A_misshapen_key_names_the_key_and_both_shapes()
    {
        var directory = Path.Combine(_root, "misshapen");
        TinyCheckpoints.Write(directory, CheckpointLayout.LlavaHf).Dispose();
        Rewrite(directory, (key, t) => key == "multi_modal_projector.linear_2.weight" ? t[..16] : t);

        var error = Assert.Throws<CheckpointMismatchException>(() => LlavaCheckpoint.Open(directory));
        Assert.Contains("multi_modal_projector.linear_2.weight", error.Message);
        Assert.Contains("[16, 32]", error.Message);
        Assert.Contains("[32, 32]", error.Message);
    }

    [Fact]
    public void A_missing_clip_tower_of_the_original_layout_says_where_it_was_looked_for()
    {
        var directory = Path.Combine(_root, "original");
        TinyCheckpoints.Write(directory, CheckpointLayout.OriginalLlava).Dispose();
        Directory.Delete(TinyCheckpoints.VisionDirectory(directory), recursive: true);

        var error = Assert.Throws<DirectoryNotFoundException>(() => LlavaCheckpoint.Open(directory));
        Assert.Contains("mm_vision_tower", error.Message);
        Assert.Contains(TinyCheckpoints.VisionDirectory(directory), error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A real prompt through the checkpoint's own tokenizer, with its one &lt;image&gt; id, and a constant image.</summary>
    private static (Tensor Pixels, Tensor Ids, Tensor Mask) Inputs(LlavaCheckpoint checkpoint)
    {
        var prompt = checkpoint.Tokenizer.Encode("USER: <image>\nWhat shape is it? ASSISTANT:");
        long[] ids = [checkpoint.Tokenizer.BosId, .. prompt.Select(i => (long)i)];
        var image = LoRASculpt.Training.Images.RgbImage.Filled(40, 30, 200, 30, 90);
        var pixels = LoRASculpt.Training.Images.ClipPixelValues.ToBatchTensor([checkpoint.Images.Preprocess(image)]);
        return (pixels, torch.tensor(ids, [1, ids.Length]), torch.ones(1, ids.Length, dtype: ScalarType.Int64));
    }

    /// <summary>Rewrites every shard's tensors through <paramref name="change"/> (null drops the key), keeping the layout.</summary>
    private static void Rewrite(string directory, Func<string, Tensor, Tensor?> change)
    {
        var tensors = new List<KeyValuePair<string, Tensor>>();
        using (var checkpoint = SafetensorsCheckpoint.Open(directory))
            foreach (var key in checkpoint.Keys)
                if (change(key, checkpoint.ReadTensor(key)) is { } kept)
                    tensors.Add(new(key, kept.contiguous()));
        foreach (var file in Directory.GetFiles(directory, "*.safetensors*")) File.Delete(file);
        SafetensorsWriter.WriteSharded(directory, tensors, 64 * 1024);
    }
}
