using TorchSharp;

namespace LoRASculpt.Training.Tests;

public sealed class TorchInitialisationTests
{
    [Fact]
    public void Torch_initialises_and_computes_on_cpu()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = (a * 2).sum();
        Assert.Equal(12f, b.item<float>());
        Assert.StartsWith("2.10", torch.__version__);
    }
}
