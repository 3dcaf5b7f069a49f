using LoRASculpt.Training.Safetensors;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Safetensors;

public sealed class SafetensorsShardedTests
{
    [Fact]
    public void Shards_in_the_given_order_and_writes_the_index_as_transformers_does()
    {
        using var temp = new TempDirectory();
        using var embed = torch.arange(12, dtype: torch.float32).reshape(3, 4).to_type(torch.bfloat16); // 24 bytes
        using var q = torch.arange(4, dtype: torch.float32).to_type(torch.bfloat16);                      // 8 bytes
        using var norm = torch.ones(2, dtype: torch.float32);                                             // 8 bytes
        using var head = torch.full(20, 2f, dtype: torch.float16);                                        // 40 bytes > max: its own shard

        var written = SafetensorsWriter.WriteSharded(temp.Path, [new("z.embed", embed), new("a.q", q), new("m.norm", norm), new("lm_head", head)], maxShardBytes: 32);

        Assert.Equal(["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors", "model.safetensors.index.json"],
            written.Select(Path.GetFileName));
        const string index = """
            {
              "metadata": {
                "total_size": 80
              },
              "weight_map": {
                "a.q": "model-00001-of-00003.safetensors",
                "lm_head": "model-00003-of-00003.safetensors",
                "m.norm": "model-00002-of-00003.safetensors",
                "z.embed": "model-00001-of-00003.safetensors"
              }
            }

            """;
        Assert.Equal(index, File.ReadAllText(temp.File("model.safetensors.index.json")));
        using (var first = new SafetensorsReader(temp.File("model-00001-of-00003.safetensors")))
        {
            Assert.Equal(["a.q", "z.embed"], first.Tensors.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(new Dictionary<string, string> { ["format"] = "pt" }, first.Metadata);
        }

        using var checkpoint = SafetensorsCheckpoint.Open(temp.Path);
        Assert.Equal(["a.q", "lm_head", "m.norm", "z.embed"], checkpoint.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, checkpoint.ShardFiles.Count);
        Assert.Equal("F16", checkpoint.TensorInfo("lm_head").DType);
        using var readEmbed = checkpoint.ReadTensor("z.embed");
        Assert.Equal(embed.bytes.ToArray(), readEmbed.bytes.ToArray());
        using var target = torch.zeros(20, dtype: torch.float32);
        checkpoint.ReadInto("lm_head", target);
        Assert.Equal(Enumerable.Repeat(2f, 20), target.data<float>().ToArray());
    }

    [Fact]
    public void A_checkpoint_that_fits_one_shard_is_a_single_model_safetensors_without_index()
    {
        using var temp = new TempDirectory();
        using var x = torch.ones(2);
        var written = SafetensorsWriter.WriteSharded(temp.Path, [new("x", x)], maxShardBytes: 1 << 20);
        Assert.Equal(["model.safetensors"], written.Select(Path.GetFileName));

        using var checkpoint = SafetensorsCheckpoint.Open(temp.Path);
        using var read = checkpoint.ReadTensor("x");
        Assert.Equal([1f, 1f], read.data<float>().ToArray());
    }

    [Fact]
    public void Shards_open_lazily_so_a_corrupt_shard_fails_only_when_read_and_is_named()
    {
        using var temp = new TempDirectory();
        using var a = torch.ones(4);
        using var b = torch.ones(4);
        SafetensorsWriter.WriteSharded(temp.Path, [new("a", a), new("b", b)], maxShardBytes: 16);
        File.WriteAllBytes(temp.File("model-00002-of-00002.safetensors"), [1, 2, 3]);

        using var checkpoint = SafetensorsCheckpoint.Open(temp.Path);
        using var readA = checkpoint.ReadTensor("a");
        var error = Assert.Throws<InvalidDataException>(() => checkpoint.ReadTensor("b"));
        Assert.Contains("model-00002-of-00002.safetensors", error.Message);
    }

    [Fact]
    public void An_index_naming_a_shard_that_is_not_there_is_refused_on_open()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("model.safetensors.index.json"), """{"metadata": {"total_size": 4}, "weight_map": {"w": "model-00001-of-00002.safetensors"}}""");
        var error = Assert.Throws<FileNotFoundException>(() => SafetensorsCheckpoint.Open(temp.Path));
        Assert.Contains("model-00001-of-00002.safetensors", error.Message);
    }

    [Fact]
    public void An_index_pointing_outside_the_directory_is_refused()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("model.safetensors.index.json"), """{"weight_map": {"w": "../elsewhere.safetensors"}}""");
        var error = Assert.Throws<InvalidDataException>(() => SafetensorsCheckpoint.Open(temp.Path));
        Assert.Contains("'w'", error.Message);
        Assert.Contains("not a file name in the checkpoint directory", error.Message);
    }

    [Fact]
    public void A_pickle_only_directory_says_safetensors_is_required_and_how_to_convert()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("pytorch_model-00001-of-00002.bin"), [0x80]);
        File.WriteAllBytes(temp.File("pytorch_model-00002-of-00002.bin"), [0x80]);

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsCheckpoint.Open(temp.Path));
        Assert.Contains("pytorch_model-00001-of-00002.bin, pytorch_model-00002-of-00002.bin", error.Message);
        Assert.Contains("safetensors is required", error.Message);
        Assert.Contains("torch.load(", error.Message);
        Assert.Contains("from safetensors.torch import save_file", error.Message);
    }

    [Fact]
    public void A_directory_without_weights_is_named()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<FileNotFoundException>(() => SafetensorsCheckpoint.Open(temp.Path));
        Assert.Contains("has neither 'model.safetensors.index.json' nor 'model.safetensors'", error.Message);
    }
}
