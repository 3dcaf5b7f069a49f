using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Diagnostics;
using LoRASculpt.Training.Tests.Adapters;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Diagnostics;

public sealed class DensityMeterTests
{
    [Fact]
    public void Reports_measured_densities_next_to_theorem_3_1()
    {
        using var model = new ToyMllm();
        using var g = new torch.Generator(1);
        using var adapters = AdapterInjector.Inject(model, ToyMllm.Settings("lora", ("rank", "2"), ("target_modules", "q")), g);
        var q = adapters.Modules[0];
        using (torch.no_grad())
        {
            // A (2 x 6): 3 non-zeros -> 0.25. B (6 x 2): 6 non-zeros -> 0.5. B A has rows 0-2 hitting column set {0, 5}.
            q.Adapter.A.zero_();
            q.Adapter.A[0, 0] = torch.tensor(1f);
            q.Adapter.A[0, 5] = torch.tensor(2f);
            q.Adapter.A[1, 3] = torch.tensor(3f);
            q.Adapter.B.zero_();
            for (var i = 0; i < 3; i++) q.Adapter.B[i, 0] = torch.tensor(1f);
            for (var i = 3; i < 6; i++) q.Adapter.B[i, 1] = torch.tensor(1f);
        }
        var report = DensityMeter.Measure(adapters)[0];
        Assert.Equal(q.Name, report.Module);
        Assert.Equal(0.25, report.DensityA);
        Assert.Equal(0.5, report.DensityB);
        // Rows 0-2 have columns {0, 5}, rows 3-5 column {3}: 9 of 36 entries.
        Assert.Equal(9.0 / 36, report.DensityBA);
        Assert.Equal(1 - Math.Pow(1 - 0.25 * 0.5, 2), report.ExpectedDensityBA, 12);
    }
}
