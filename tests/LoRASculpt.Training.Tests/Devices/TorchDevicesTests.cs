using LoRASculpt.Training.Devices;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Devices;

public sealed class TorchDevicesTests
{
    [Theory]
    [InlineData("cpu", DeviceType.CPU, -1)]
    [InlineData("cuda", DeviceType.CUDA, 0)]
    [InlineData("cuda:3", DeviceType.CUDA, 3)]
    [InlineData(" CUDA:1 ", DeviceType.CUDA, 1)]
    public void Parse_reads_cpu_and_cuda_devices(string text, DeviceType type, int index)
    {
        var device = TorchDevices.Parse(text);
        Assert.Equal(type, device.type);
        if (type == DeviceType.CUDA) Assert.Equal(index, device.index);
    }

    [Theory]
    [InlineData("gpu0")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Parse_names_a_bad_device(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => TorchDevices.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public void Cpu_is_always_available() => TorchDevices.EnsureAvailable("cpu");

    [Fact]
    public void A_cuda_slot_fails_with_what_to_do_when_this_build_or_host_has_no_cuda()
    {
        // The test suite runs on the CPU build of libtorch; on a CUDA host with the CUDA build there is nothing to check.
        if (torch.cuda.is_available()) return;
        var error = Assert.Throws<InvalidOperationException>(() => TorchDevices.EnsureAvailable("cuda:0"));
        Assert.Contains("'cuda:0' needs CUDA", error.Message);
        Assert.Contains("-p:TorchBackend=cuda", error.Message);
        Assert.Contains("CpuSlots", error.Message);
    }
}
