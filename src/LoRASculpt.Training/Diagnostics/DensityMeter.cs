using LoRASculpt.Core.Sparsity;
using LoRASculpt.Training.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Diagnostics;

/// <summary>Measures per-module densities (fraction of exactly non-zero entries).</summary>
public static class DensityMeter
{
    public static double Density(Tensor t)
    {
        using var nonZero = t.ne(0).sum();
        return (double)nonZero.item<long>() / t.numel();
    }

    public static IReadOnlyList<ModuleDensityReport> Measure(AdapterSet adapters)
    {
        using var noGrad = torch.no_grad();
        var reports = new List<ModuleDensityReport>();
        foreach (var m in adapters.Modules)
        {
            using var scope = torch.NewDisposeScope();
            var dA = Density(m.Adapter.A);
            var dB = Density(m.Adapter.B);
            var dBA = Density(m.Adapter.B.matmul(m.Adapter.A));
            reports.Add(new ModuleDensityReport(m.Name, dA, dB, dBA, SparsityTheory.ExpectedProductDensity(dA, dB, m.Adapter.Rank)));
        }
        return reports;
    }
}
