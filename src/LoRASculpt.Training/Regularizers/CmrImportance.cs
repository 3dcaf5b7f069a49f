using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Regularizers;

/// <summary>
/// The CMR importance matrix of a frozen weight W (method.md Sec. 2):
/// S = | 1 / log( |W| / ||W||_F + eps ) |, M = tanh(omega * S), eps = 1e-15, computed once in fp32.
/// ||W||_F is the Frobenius norm of the whole matrix. Since |W_ij| / ||W||_F &lt; 1 the log is negative
/// and M grows with |W_ij|: large pretrained weights are protected more.
/// </summary>
public static class CmrImportance
{
    public const double Epsilon = 1e-15;

    public static Tensor Compute(Tensor weight, double omega)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var w = weight.detach().to_type(ScalarType.Float32);
        var relative = w.abs() / w.norm();
        var s = (relative + Epsilon).log().reciprocal().abs();
        return s.mul(omega).tanh().DetachFromDisposeScope();
    }
}
