using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Diagnostics;
using LoRASculpt.Training.Regularizers;
using LoRASculpt.Training.Tests.Adapters;
using LoRASculpt.Training.Tests.Finetuning;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Diagnostics;

public sealed class KnobDiagnosticsTests
{
    [Fact]
    public void Mask_overlap_is_the_share_of_kept_entries_among_the_largest_initial_values()
    {
        using var initial = torch.tensor(new float[] { 0.5f, -0.4f, 0.1f, 0.05f });
        Assert.Equal(0.5, MaskInitialOverlap.Of(torch.tensor(new float[] { 1, 0, 1, 0 }), initial));
        Assert.Equal(1.0, MaskInitialOverlap.Of(torch.tensor(new float[] { 1, 1, 0, 0 }), initial));
        Assert.Equal(0.0, MaskInitialOverlap.Of(torch.tensor(new float[] { 0, 0, 1, 1 }), initial));
    }

    [Fact]
    public void Cmr_gradient_ratio_divides_the_weighted_cmr_gradient_by_the_rest_of_the_gradient()
    {
        var settings = ToyMllm.Settings("lorasculpt", ("rank", "2"), ("target_modules", "q"), ("cmr_modules", "q"));
        using var model = new ToyMllm();
        using var generator = new torch.Generator(3);
        using var adapters = AdapterInjector.Inject(model, settings, generator);
        using var cmr = new ConflictMitigationRegularizer(adapters.Modules, settings.CmrModules.ToHashSet(), settings.Omega, settings.CmrReduction);
        using var masks = new SparsityMasks();
        var parameters = cmr.LlmParameters;
        using (torch.no_grad())
            foreach (var b in adapters.DecoderModules.Select(m => m.Adapter.B)) b.fill_(0.1f);
        const double alpha = 0.5;
        // Task loss sum(A) + sum(B): its gradient is all ones, of norm sqrt(#entries).
        var task = parameters.Select(p => p.sum()).Aggregate((x, y) => x + y);
        (task + cmr.LlmTerm() * alpha).backward();
        var expectedCmr = torch.autograd.grad([cmr.LlmTerm() * alpha], parameters.Cast<torch.Tensor>().ToList());
        var cmrNorm = Math.Sqrt(expectedCmr.Sum(g => g.square().sum().item<float>()));
        var taskNorm = Math.Sqrt(parameters.Sum(p => p.numel()));

        Assert.Equal(cmrNorm / taskNorm, CmrGradientMeter.Measure(cmr, alpha, masks), 5);
        Assert.Equal(0, CmrGradientMeter.Measure(cmr, 0, masks));
    }

    [Fact]
    public void A_trial_reports_alpha_strength_and_mask_overlap_in_its_result()
    {
        var settings = ToyMllm.Settings("lorasculpt", ("rank", "3"), ("steps", "6"), ("prune_step", "3"), ("batch_size", "4"), ("density", "0.5"), ("alpha", "0.01"), ("checkpoint_every", "0"));
        using var run = new ToyRun(settings);
        var result = run.Run();
        Assert.NotNull(result.CmrGradientRatio);
        Assert.True(result.CmrGradientRatio > 0);
        Assert.Equal(run.Adapters.Modules.Count, result.MaskInitialOverlapA.Count);
        Assert.All(result.MaskInitialOverlapA.Values, v => Assert.InRange(v, 0, 1));
        var notes = TrialRunner.KnobNotes(settings, result);
        Assert.Equal(["cmr_grad_ratio", "cmr_grad_ratio_last", "mask_init_overlap_a", "mask_init_overlap_a_chance"], notes.Keys);
        Assert.Equal("0.500", notes["mask_init_overlap_a_chance"]);

        using var lora = new ToyRun(ToyMllm.Settings("lora", ("steps", "2"), ("batch_size", "4"), ("checkpoint_every", "0")));
        var plain = lora.Run();
        Assert.Null(plain.CmrGradientRatio);
        Assert.Empty(TrialRunner.KnobNotes(lora.Settings, plain));
    }
}
