using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Regularizers;

public sealed class ConflictMitigationRegularizerTests
{
    // Hand computation (W from CmrImportanceTests, M = [[0.960907, 0.028945], [0.028945, 0.999744]]):
    // A = [[1, 2]] (1 x 2), B = [[1], [-1]] (2 x 1), so B A = [[1, 2], [-1, -2]].
    // P = M ⊙ BA = [[0.960907, 0.057890], [-0.028945, -1.999488]]
    // L = ||P||_F = sqrt(0.923343 + 0.003351 + 0.000838 + 3.997951) = 2.219343 (not squared).
    // dL/d(BA) = M ⊙ P / L = M² ⊙ BA / L = [[0.416043, 0.000755], [-0.000378, -0.900706]] =: G
    // dL/dB = G A^T = [0.416043 + 2 * 0.000755, -0.000378 - 2 * 0.900706] = [0.417553, -1.801790]
    // dL/dA = B^T G = [0.416043 + 0.000378, 0.000755 + 0.900706] = [0.416421, 0.901461]
    // The lora_alpha / r scaling (here 5) must NOT enter: CMR uses the raw B A.
    private static readonly float[,] W = { { 3, 0 }, { 0, 4 } };
    private static readonly float[,] A = { { 1, 2 } };
    private static readonly float[,] B = { { 1 }, { -1 } };

    [Fact]
    public void Llm_term_value_and_gradient_match_the_hand_computation()
    {
        var module = CmrTestModules.Make("q", W, A, B, loraAlpha: 5);
        using var cmr = new ConflictMitigationRegularizer([module], ["q", "k", "v"], omega: 1.0, CmrReduction.Mean);
        using var loss = cmr.LlmTerm();
        Assert.Equal(2.2193430, loss.item<float>(), 5);
        loss.backward();
        var gradB = module.Adapter.B.grad!.data<float>().ToArray();
        var gradA = module.Adapter.A.grad!.data<float>().ToArray();
        Assert.Equal(0.4175535, gradB[0], 5);
        Assert.Equal(-1.8017895, gradB[1], 5);
        Assert.Equal(0.4164209, gradA[0], 5);
        Assert.Equal(0.9014610, gradA[1], 5);
    }

    [Fact]
    public void Mean_and_sum_reductions_and_module_selection()
    {
        var q = CmrTestModules.Make("q", W, A, B);
        var v = CmrTestModules.Make("v", W, A, new float[,] { { 0 }, { 0 } });
        var o = CmrTestModules.Make("o", W, A, B);
        using var mean = new ConflictMitigationRegularizer([q, v, o], ["q", "v"], 1.0, CmrReduction.Mean);
        using var sum = new ConflictMitigationRegularizer([q, v, o], ["q", "v"], 1.0, CmrReduction.Sum);
        Assert.Equal(2, mean.LlmModuleCount);
        Assert.Equal(2.2193430 / 2, mean.LlmTerm().item<float>(), 5);
        Assert.Equal(2.2193430, sum.LlmTerm().item<float>(), 5);
        Assert.Equal(0f, mean.ConnectorTerm().item<float>());
    }

    [Fact]
    public void Connector_term_is_the_l1_norm()
    {
        // ||P||_1 = 0.960907 + 0.057890 + 0.028945 + 1.999488 = 3.047230
        var connector = CmrTestModules.Make("linear_1", W, A, B, isConnector: true);
        using var cmr = new ConflictMitigationRegularizer([connector], ["q"], 1.0, CmrReduction.Mean);
        Assert.Equal(0, cmr.LlmModuleCount);
        Assert.Equal(3.0472298, cmr.ConnectorTerm().item<float>(), 5);
    }

    [Fact]
    public void Baseline_regularisers_match_their_formulas()
    {
        // L2: ||A||^2 + ||B||^2 = (1 + 4) + (1 + 1) = 7.
        var m = CmrTestModules.Make("q", W, A, B, loraAlpha: 2);
        Assert.Equal(7f, L2Regularizer.Compute([m]).item<float>(), 5);
        // Orth: s = 2, ΔW = 2 BA = [[2, 4], [-2, -4]]; W^T ΔW = [[6, 12], [-8, -16]]; ||.||_F^2 = 36 + 144 + 64 + 256 = 500.
        Assert.Equal(500f, OrthogonalityRegularizer.Compute([m]).item<float>(), 3);
    }
}
