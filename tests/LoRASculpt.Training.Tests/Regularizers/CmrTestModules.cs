using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Regularizers;

internal static class CmrTestModules
{
    /// <summary>An adapted module with the given frozen W (p x q), A (r x q) and B (p x r).</summary>
    public static AdaptedModule Make(string kind, float[,] w, float[,] a, float[,] b, bool isConnector = false, double loraAlpha = 1)
    {
        var layer = new AdaptableLinear(w.GetLength(1), w.GetLength(0), hasBias: false);
        using var g = new Generator(0);
        var adapter = new LoraLinear(w.GetLength(1), w.GetLength(0), a.GetLength(0), loraAlpha, 0, g);
        using (torch.no_grad())
        {
            layer.weight.copy_(torch.tensor(w));
            adapter.A.copy_(torch.tensor(a));
            adapter.B.copy_(torch.tensor(b));
        }
        layer.weight.requires_grad = false;
        layer.SetAdapter(adapter);
        return new AdaptedModule($"m.{kind}", kind, isConnector, layer, adapter);
    }
}
