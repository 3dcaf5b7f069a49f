using System.Text;
using LoRASculpt.Training.Safetensors;

namespace LoRASculpt.Training.Tests.Safetensors;

public sealed class SafetensorsHeaderValidationTests
{
    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "tensor 'w' has data_offsets [0, 8] (8 bytes) but F32 x [3] needs 12 bytes")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "tensor 'w' ends at data offset 8, past the end of the file's data section (4 bytes)")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "tensor 'w' (data_offsets [4, 8]) leaves a gap after the start of the data section")]
    [InlineData("{\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "tensor 'w' (data_offsets [4, 8]) overlaps tensor 'v', which ends at 8")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12, "the tensors cover 4 bytes of data but the file has 12")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4, "tensor 'w' has data_offsets [4, 0] that end before they begin")]
    [InlineData("{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, "tensor 'w' has dtype 'C64', which is not supported")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "tensor 'w' has 'shape' entry -1, not a non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "tensor 'w' has no 'shape' array")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4, "tensor 'w' has 1 data_offsets, not 2")]
    [InlineData("{\"w\":", 0, "the header is not valid JSON")]
    [InlineData("[1]", 0, "the header is not a JSON object")]
    public void A_corrupt_header_is_rejected_naming_the_tensor_and_the_problem(string header, int dataBytes, string problem)
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)header.Length), .. Encoding.ASCII.GetBytes(header), .. new byte[dataBytes]]);

        var error = Assert.Throws<InvalidDataException>(() => new SafetensorsReader(path));
        Assert.Contains(problem, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_header_length_past_the_end_of_the_file_is_rejected()
    {
        using var temp = new TempDirectory();
        var path = temp.File("short.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(1000UL), .. "{}"u8]);
        var error = Assert.Throws<InvalidDataException>(() => new SafetensorsReader(path));
        Assert.Contains("the header length 1000 does not fit the file (10 bytes)", error.Message);
    }

    [Fact]
    public void A_file_shorter_than_the_length_prefix_is_rejected()
    {
        using var temp = new TempDirectory();
        var path = temp.File("tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var error = Assert.Throws<InvalidDataException>(() => new SafetensorsReader(path));
        Assert.Contains("the file has 3 bytes, fewer than the 8-byte header length", error.Message);
    }
}
