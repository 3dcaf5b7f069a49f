using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Cli.Hosting;
using TorchSharp;

namespace LoRASculpt.Cli.Tests.Sweep.Execution;

/// <summary>A GPU slot is real or refused: the embedded silo must not start a cuda:0 slot that would train on the CPU.</summary>
public sealed class GpuSlotTests : IDisposable
{
    private readonly SweepCli _cli = new(SweepHostFactory.RegisterDefaultExecutors);

    [Fact]
    public void A_cuda_slot_on_a_build_without_cuda_stops_the_silo_with_what_to_do()
    {
        if (torch.cuda.is_available()) return; // the CUDA build on a GPU host can start it
        var result = _cli.Run("list", "--gpu", "cuda:0");

        Assert.Equal(SweepExitCodes.Failure, result.Exit);
        Assert.Contains("'cuda:0' needs CUDA", result.Error);
        Assert.Contains("-p:TorchBackend=cuda", result.Error);
    }

    public void Dispose() => _cli.Dispose();
}
