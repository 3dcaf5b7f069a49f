using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Model;

/// <summary>
/// nn.Linear ("weight", optional "bias") created empty by a <see cref="ParameterFactory"/>, its weights cast to the
/// input's dtype. The vision tower and lm_head use it: no adapter ever wraps those layers.
/// </summary>
public sealed class PlainLinear : nn.Module<Tensor, Tensor>
{
    public PlainLinear(long inFeatures, long outFeatures, ParameterFactory parameters, string name, bool hasBias = true) : base(name)
    {
        weight = parameters.Empty(outFeatures, inFeatures);
        register_parameter("weight", weight);
        if (!hasBias) return;
        bias = parameters.Empty(outFeatures);
        register_parameter("bias", bias);
    }

#pragma warning disable IDE1006 // Hugging Face parameter names.
    public Parameter weight { get; }

    public Parameter? bias { get; }
#pragma warning restore IDE1006

    public override Tensor forward(Tensor input) => F.linear(input, weight.CastLike(input), bias?.CastLike(input));
}

/// <summary>nn.LayerNorm ("weight", "bias") created empty by a <see cref="ParameterFactory"/>, computed in the input's dtype.</summary>
public sealed class PlainLayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly double eps;

    public PlainLayerNorm(long hidden, double eps, ParameterFactory parameters, string name) : base(name)
    {
        this.eps = eps;
        weight = parameters.Empty(hidden);
        bias = parameters.Empty(hidden);
        register_parameter("weight", weight);
        register_parameter("bias", bias);
    }

#pragma warning disable IDE1006
    public Parameter weight { get; }

    public Parameter bias { get; }
#pragma warning restore IDE1006

    public override Tensor forward(Tensor input) =>
        F.layer_norm(input, [weight.shape[0]], weight.CastLike(input), bias.CastLike(input), eps);
}

/// <summary>An embedding table ("weight" [rows, hidden]) created empty by a <see cref="ParameterFactory"/>.</summary>
public sealed class EmbeddingTable : nn.Module<Tensor, Tensor>
{
    public EmbeddingTable(long rows, long hidden, ParameterFactory parameters, string name) : base(name)
    {
        weight = parameters.Empty(rows, hidden);
        register_parameter("weight", weight);
    }

#pragma warning disable IDE1006
    public Parameter weight { get; }
#pragma warning restore IDE1006

    /// <summary>Rows for integer ids [..] -> [.., hidden], in the stored dtype.</summary>
    public override Tensor forward(Tensor ids) => weight.index_select(0, ids.flatten()).view([.. ids.shape, weight.shape[1]]);
}
