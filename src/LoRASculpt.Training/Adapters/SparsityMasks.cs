using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// LoRASculpt's one-shot sparsity: at step prune_step every A and every B gets its own top-k
/// magnitude mask (density_a, density_b). Afterwards <see cref="Enforce"/> runs after every optimizer
/// step and zeroes pruned entries in the parameters, their gradients and their optimizer moments, so
/// every forward pass and the saved adapter are exactly sparse (the reference code re-zeroes only
/// before the forward, letting Adam move pruned entries in between).
/// </summary>
public sealed class SparsityMasks : IDisposable
{
    private readonly Dictionary<Parameter, Tensor> masks = new(ReferenceEqualityComparer.Instance);

    /// <summary>Mask tensors by parameter name (for checkpoints); empty before pruning.</summary>
    public IReadOnlyDictionary<string, Tensor> ByName => byName;

    private readonly Dictionary<string, Tensor> byName = new(StringComparer.Ordinal);

    public bool IsActive => masks.Count > 0;

    /// <summary>Computes the masks from the current values and zeroes pruned entries.</summary>
    public void Prune(IEnumerable<(string Name, Parameter Parameter, double Density)> factors)
    {
        foreach (var (name, parameter, density) in factors)
            Add(name, parameter, MagnitudeMask.TopK(parameter, density));
        ApplyToParameters();
    }

    /// <summary>Restores a mask from a checkpoint.</summary>
    public void Add(string name, Parameter parameter, Tensor mask)
    {
        if (!mask.shape.SequenceEqual(parameter.shape))
            throw new ArgumentException($"Mask for '{name}' has shape [{string.Join(",", mask.shape)}], parameter [{string.Join(",", parameter.shape)}].");
        masks[parameter] = mask;
        byName[name] = mask;
    }

    /// <summary>Zeroes pruned entries of parameters, gradients and the given optimizer moments.</summary>
    public void Enforce(IEnumerable<(Parameter Parameter, Tensor[] Moments)> optimizerState)
    {
        if (!IsActive) return;
        using var noGrad = torch.no_grad();
        ApplyToParameters();
        foreach (var (parameter, moments) in optimizerState)
        {
            if (!masks.TryGetValue(parameter, out var mask)) continue;
            using (var grad = parameter.grad) grad?.mul_(mask);
            foreach (var moment in moments) moment.mul_(mask);
        }
    }

    /// <summary>The mask of a parameter, or null when it is not pruned.</summary>
    public Tensor? MaskOf(Parameter parameter) => masks.GetValueOrDefault(parameter);

    /// <summary><paramref name="values"/> with the parameter's pruned entries zeroed (a new tensor), or the values themselves.</summary>
    public Tensor Masked(Parameter parameter, Tensor values) => masks.TryGetValue(parameter, out var mask) ? values.mul(mask) : values;

    /// <summary>Zeroes pruned entries of the parameters' gradients (before clipping, so its norm is the sparse update's).</summary>
    public void MaskGradients(IEnumerable<Parameter> parameters)
    {
        if (!IsActive) return;
        using var noGrad = torch.no_grad();
        foreach (var parameter in parameters)
        {
            if (!masks.TryGetValue(parameter, out var mask)) continue;
            using var grad = parameter.grad;
            grad?.mul_(mask);
        }
    }

    private void ApplyToParameters()
    {
        using var noGrad = torch.no_grad();
        foreach (var (parameter, mask) in masks) parameter.mul_(mask);
    }

    public void Dispose()
    {
        foreach (var mask in masks.Values) mask.Dispose();
        masks.Clear();
        byName.Clear();
    }
}
