using System.Text;
using LoRASculpt.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Safetensors;

public sealed class SafetensorsWriterTests
{
    [Fact]
    public void Writes_the_same_bytes_as_the_independent_python_implementation()
    {
        using var temp = new TempDirectory();
        using var a = torch.tensor(new[] { 0f, 1.5f, -2f, 3.25f, 0.001f, -7f }).reshape(2, 3);
        using var b = torch.tensor(new[] { 1f, -2f, 0.5f, 65504f }).to_type(torch.float16);
        using var c = torch.tensor(new[] { 1f, -3f, 0.1f, 1e10f }).reshape(2, 2).to_type(torch.bfloat16);
        using var d = torch.tensor(new[] { -1L, 0L, 1L << 40 });
        using var e = torch.tensor(new[] { true, false });
        using var f = torch.tensor(new byte[] { 0, 255 }).reshape(1, 2);
        var path = temp.File("out.safetensors");

        // Given out of order: the writer sorts by name.
        SafetensorsWriter.Write(path, [new("f.u8", f), new("c.bf16", c), new("a.f32", a), new("e.bool", e), new("b.f16", b), new("d.i64", d)],
            new Dictionary<string, string> { ["format"] = "pt" });

        Assert.Equal(File.ReadAllBytes(GoldenFile.Path), File.ReadAllBytes(path));
        Assert.Equal(["out.safetensors"], Directory.GetFiles(temp.Path).Select(Path.GetFileName)); // no temporary left behind
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Round_trips_bit_exactly_in_the_tensors_own_dtype(ScalarType dtype)
    {
        using var temp = new TempDirectory();
        var generator = new Generator(7);
        using var big = torch.randn(37, 11, generator: generator).to_type(dtype);
        using var scalar = torch.tensor(-0.0f).to_type(dtype);
        using var specials = torch.tensor(new[] { float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e-40f }).to_type(dtype);
        var path = temp.File("rt.safetensors");
        SafetensorsWriter.Write(path, [new("big", big), new("scalar", scalar), new("specials", specials)]);

        using var reader = new SafetensorsReader(path, chunkBytes: 10); // odd chunk: exercises partial chunks
        Assert.Empty(reader.Metadata);
        foreach (var (name, original) in new[] { ("big", big), ("scalar", scalar), ("specials", specials) })
        {
            using var read = reader.ReadTensor(name);
            Assert.Equal(dtype, read.dtype);
            Assert.Equal(original.shape, read.shape);
            Assert.Equal(original.bytes.ToArray(), read.bytes.ToArray());
        }
    }

    [Fact]
    public void A_non_contiguous_tensor_is_written_in_row_major_order_of_its_shape()
    {
        using var temp = new TempDirectory();
        using var storage = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var transposed = storage.t();
        var path = temp.File("t.safetensors");
        SafetensorsWriter.Write(path, [new("t", transposed)]);

        using var reader = new SafetensorsReader(path);
        using var read = reader.ReadTensor("t");
        Assert.Equal([3L, 2L], read.shape);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], read.data<float>().ToArray());
    }

    [Fact]
    public void The_header_is_space_padded_to_a_multiple_of_8_bytes()
    {
        using var temp = new TempDirectory();
        using var x = torch.ones(1);
        var path = temp.File("p.safetensors");
        SafetensorsWriter.Write(path, [new("x", x)]);

        const string json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"; // 53 bytes -> padded to 56
        byte[] expected = [.. BitConverter.GetBytes(56UL), .. Encoding.ASCII.GetBytes(json.PadRight(56)), 0x00, 0x00, 0x80, 0x3F];
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Duplicate_and_reserved_names_are_refused()
    {
        using var temp = new TempDirectory();
        using var x = torch.ones(1);
        Assert.Contains("Duplicate tensor name 'x'", Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(temp.File("d.safetensors"), [new("x", x), new("x", x)])).Message);
        Assert.Contains("'__metadata__' is reserved", Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(temp.File("r.safetensors"), [new("__metadata__", x)])).Message);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
