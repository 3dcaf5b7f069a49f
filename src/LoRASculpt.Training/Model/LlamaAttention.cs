using LoRASculpt.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>
/// LLaMA attention: bias-free q/k/v/o projections, rotary embeddings, grouped key/value heads, additive mask;
/// softmax in float32 and cast back, as HF's eager attention does (bf16 softmax loses the small weights).
/// </summary>
public sealed class LlamaAttention : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    private readonly int heads;
    private readonly int kvHeads;
    private readonly int headDim;
#pragma warning disable IDE1006
    private readonly AdaptableLinear q_proj;
    private readonly AdaptableLinear k_proj;
    private readonly AdaptableLinear v_proj;
    private readonly AdaptableLinear o_proj;
#pragma warning restore IDE1006

    public LlamaAttention(TextConfig config, ParameterFactory parameters) : base("self_attn")
    {
        heads = config.NumHeads;
        kvHeads = config.NumKeyValueHeads;
        headDim = config.HeadDim;
        q_proj = new AdaptableLinear(config.HiddenSize, heads * headDim, hasBias: false, "q_proj", parameters);
        k_proj = new AdaptableLinear(config.HiddenSize, kvHeads * headDim, hasBias: false, "k_proj", parameters);
        v_proj = new AdaptableLinear(config.HiddenSize, kvHeads * headDim, hasBias: false, "v_proj", parameters);
        o_proj = new AdaptableLinear(heads * headDim, config.HiddenSize, hasBias: false, "o_proj", parameters);
        RegisterComponents();
    }

    /// <param name="x">[B, T, hidden]</param>
    /// <param name="mask">additive [B, 1, T, T] in x's dtype</param>
    /// <param name="cos">[B, 1, T, headDim] in x's dtype</param>
    /// <param name="sin">[B, 1, T, headDim] in x's dtype</param>
    public override Tensor forward(Tensor x, Tensor mask, Tensor cos, Tensor sin)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var q = q_proj.forward(x).view(b, t, heads, headDim).transpose(1, 2);
        var k = k_proj.forward(x).view(b, t, kvHeads, headDim).transpose(1, 2);
        var v = v_proj.forward(x).view(b, t, kvHeads, headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (kvHeads != heads)
        {
            k = k.repeat_interleave(heads / kvHeads, dim: 1);
            v = v.repeat_interleave(heads / kvHeads, dim: 1);
        }
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(headDim) + mask;
        var context = scores.softmax(-1, ScalarType.Float32).CastTo(v.dtype).matmul(v).transpose(1, 2).reshape(b, t, heads * headDim);
        return o_proj.forward(context);
    }
}
