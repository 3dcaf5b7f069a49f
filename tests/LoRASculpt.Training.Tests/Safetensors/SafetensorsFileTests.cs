using System.Text;
using LoRASculpt.Training.Safetensors;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Safetensors;

public sealed class SafetensorsFileTests
{
    [Fact]
    public void Serialize_produces_the_exact_documented_layout()
    {
        var bytes = SafetensorsFile.Serialize(
            [new SafetensorsEntry("b", SafetensorsDType.F32, [1], [-2f]), new SafetensorsEntry("a", SafetensorsDType.F32, [2], [1f, 0.5f])],
            new Dictionary<string, string> { ["format"] = "pt" });

        const string json = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        var padded = (json.Length + 7) / 8 * 8;
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes((ulong)padded));
        expected.AddRange(Encoding.ASCII.GetBytes(json.PadRight(padded, ' ')));
        expected.AddRange([0x00, 0x00, 0x80, 0x3F]); // 1.0f
        expected.AddRange([0x00, 0x00, 0x00, 0x3F]); // 0.5f
        expected.AddRange([0x00, 0x00, 0x00, 0xC0]); // -2.0f
        Assert.Equal(expected.ToArray(), bytes);
    }

    [Fact]
    public void Reads_bf16_and_f16_by_widening_to_float32()
    {
        const string json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"z\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[4,8]}}";
        var file = new List<byte>();
        file.AddRange(BitConverter.GetBytes((ulong)json.Length));
        file.AddRange(Encoding.ASCII.GetBytes(json));
        file.AddRange([0x00, 0x3C, 0x00, 0xC0]); // F16 1.0, -2.0
        file.AddRange([0x80, 0x3F, 0x40, 0x40]); // BF16 1.0, 3.0
        var content = SafetensorsFile.Deserialize(file.ToArray());

        Assert.Equal([1f, -2f], content.Tensors["h"].Values);
        Assert.Equal(SafetensorsDType.BF16, content.Tensors["z"].StoredAs);
        Assert.Equal([1L, 2L], content.Tensors["z"].Shape);
        Assert.Equal([1f, 3f], content.Tensors["z"].Values);
        Assert.Empty(content.Metadata);
    }

    [Fact]
    public void Rejects_offsets_that_do_not_match_the_shape()
    {
        const string json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        var file = BitConverter.GetBytes((ulong)json.Length).Concat(Encoding.ASCII.GetBytes(json)).Concat(new byte[8]).ToArray();
        Assert.Throws<InvalidDataException>(() => SafetensorsFile.Deserialize(file));
    }

    [Fact]
    public void Torch_tensors_round_trip_through_a_file_with_metadata()
    {
        var path = Path.Combine(Path.GetTempPath(), $"st-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var a = torch.arange(12, dtype: torch.float32).reshape(3, 4) / 7;
            using var b = torch.tensor(new[] { float.MaxValue, float.Epsilon, -0f });
            SafetensorsTorch.SaveTensors(path, new Dictionary<string, torch.Tensor> { ["x.a"] = a, ["x.b"] = b },
                new Dictionary<string, string> { ["kind"] = "test", ["rank"] = "8" });

            var loaded = SafetensorsTorch.LoadTensors(path, out var metadata);
            Assert.Equal("test", metadata["kind"]);
            Assert.Equal("8", SafetensorsFile.ReadMetadata(path)["rank"]);
            Assert.Equal([3L, 4L], loaded["x.a"].shape);
            Assert.Equal(a.data<float>().ToArray(), loaded["x.a"].data<float>().ToArray());
            Assert.Equal(b.data<float>().ToArray(), loaded["x.b"].data<float>().ToArray());
            foreach (var t in loaded.Values) t.Dispose();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Module_state_loads_into_a_fresh_module_and_strict_mode_reports_missing_names()
    {
        var path = Path.Combine(Path.GetTempPath(), $"st-{Guid.NewGuid():N}.safetensors");
        try
        {
            torch.manual_seed(1);
            using var source = torch.nn.Linear(3, 2);
            torch.manual_seed(2);
            using var target = torch.nn.Linear(3, 2);
            SafetensorsTorch.SaveModule(source, path, new Dictionary<string, string> { ["m"] = "1" });

            var metadata = SafetensorsTorch.LoadIntoModule(target, path);
            Assert.Equal("1", metadata["m"]);
            Assert.Equal(source.weight!.data<float>().ToArray(), target.weight!.data<float>().ToArray());
            Assert.Equal(source.bias!.data<float>().ToArray(), target.bias!.data<float>().ToArray());

            SafetensorsTorch.SaveModule(source, path, include: name => name == "weight");
            Assert.Throws<InvalidDataException>(() => SafetensorsTorch.LoadIntoModule(target, path));
            SafetensorsTorch.LoadIntoModule(target, path, strict: false);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
