using LoRASculpt.Training.Safetensors;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Safetensors;

public sealed class SafetensorsReaderTests
{
    [Theory]
    [InlineData(SafetensorsReader.DefaultChunkBytes)]
    [InlineData(3)] // smaller than one F32/I64 element: one element per read, the chunked path at its extreme
    [InlineData(4)]
    public void Reads_every_dtype_of_the_python_written_golden_file_exactly(int chunkBytes)
    {
        using var reader = new SafetensorsReader(GoldenFile.Path, chunkBytes);

        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt" }, reader.Metadata);
        Assert.Equal(["a.f32", "b.f16", "c.bf16", "d.i64", "e.bool", "f.u8"], reader.Tensors.Keys.Order(StringComparer.Ordinal));

        using var a = reader.ReadTensor("a.f32");
        Assert.Equal(torch.float32, a.dtype);
        Assert.Equal([2L, 3L], a.shape);
        Assert.Equal([0f, 1.5f, -2f, 3.25f, 0.001f, -7f], a.data<float>().ToArray());

        using var b = reader.ReadTensor("b.f16");
        Assert.Equal(torch.float16, b.dtype);
        Assert.Equal([(Half)1, (Half)(-2), (Half)0.5, (Half)65504], b.data<Half>().ToArray());

        using var c = reader.ReadTensor("c.bf16");
        Assert.Equal(torch.bfloat16, c.dtype);
        using var cWide = c.to_type(torch.float32);
        // bf16 nearest of 0.1 is 0x3DCD = 0.10009765625; of 1e10 is 0x5015 = 9999220736.
        Assert.Equal([1f, -3f, 0.10009765625f, 9999220736f], cWide.data<float>().ToArray());

        using var d = reader.ReadTensor("d.i64");
        Assert.Equal([-1L, 0L, 1L << 40], d.data<long>().ToArray());
        using var e = reader.ReadTensor("e.bool");
        Assert.Equal([true, false], e.data<bool>().ToArray());
        using var f = reader.ReadTensor("f.u8");
        Assert.Equal([1L, 2L], f.shape);
        Assert.Equal([(byte)0, (byte)255], f.data<byte>().ToArray());
    }

    [Fact]
    public void Tensor_info_gives_dtype_shape_and_offsets_without_reading_data()
    {
        using var reader = new SafetensorsReader(GoldenFile.Path);
        var info = reader.TensorInfo("c.bf16");
        Assert.Equal("BF16", info.DType);
        Assert.Equal(torch.bfloat16, info.ScalarType);
        Assert.Equal([2L, 2L], info.Shape);
        Assert.Equal((32L, 40L), (info.DataBegin, info.DataEnd));
        Assert.Equal(8 + 400 + 32L, info.FileOffset); // header length 400 (0x190)
        Assert.Equal(8, info.ByteLength);
    }

    [Fact]
    public void ReadInto_same_dtype_fills_the_target_in_place_and_into_another_dtype_converts()
    {
        using var reader = new SafetensorsReader(GoldenFile.Path, chunkBytes: 2);
        using var sameDtype = torch.zeros(2, 2, dtype: torch.bfloat16);
        var handle = sameDtype.Handle;
        reader.ReadInto("c.bf16", sameDtype);
        Assert.Equal(handle, sameDtype.Handle);
        using var sameWide = sameDtype.to_type(torch.float32);
        Assert.Equal([1f, -3f, 0.10009765625f, 9999220736f], sameWide.data<float>().ToArray());

        using var widened = torch.zeros(2, 2, dtype: torch.float32);
        reader.ReadInto("c.bf16", widened);
        Assert.Equal([1f, -3f, 0.10009765625f, 9999220736f], widened.data<float>().ToArray());

        using var narrowed = torch.zeros(2, 3, dtype: torch.bfloat16);
        reader.ReadInto("a.f32", narrowed);
        using var narrowedWide = narrowed.to_type(torch.float32);
        Assert.Equal([0f, 1.5f, -2f, 3.25f, 0.00099945068359375f, -7f], narrowedWide.data<float>().ToArray());
    }

    [Fact]
    public void ReadInto_a_non_contiguous_target_writes_through_the_view()
    {
        using var reader = new SafetensorsReader(GoldenFile.Path);
        using var storage = torch.zeros(3, 2, dtype: torch.float32);
        using var transposed = storage.t(); // [2, 3], not contiguous
        reader.ReadInto("a.f32", transposed);
        Assert.Equal([0f, 3.25f, 1.5f, 0.001f, -2f, -7f], storage.data<float>().ToArray());
    }

    [Fact]
    public void ReadInto_a_misshapen_target_names_the_key_the_file_and_both_shapes()
    {
        using var reader = new SafetensorsReader(GoldenFile.Path);
        using var target = torch.zeros(3, 2);
        var error = Assert.Throws<InvalidDataException>(() => reader.ReadInto("a.f32", target));
        Assert.Contains("'a.f32'", error.Message);
        Assert.Contains("golden.safetensors", error.Message);
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[3, 2]", error.Message);
    }

    [Fact]
    public void An_unknown_key_is_named_with_the_file()
    {
        using var reader = new SafetensorsReader(GoldenFile.Path);
        var error = Assert.Throws<KeyNotFoundException>(() => reader.ReadTensor("nope"));
        Assert.Contains("'nope'", error.Message);
        Assert.Contains("golden.safetensors", error.Message);
    }
}
