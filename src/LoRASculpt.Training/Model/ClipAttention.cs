using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>CLIP multi-head self-attention (bidirectional, biased q/k/v/out_proj); softmax in float32 as in HF's eager attention.</summary>
public sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    private readonly int heads;
#pragma warning disable IDE1006
    private readonly PlainLinear q_proj;
    private readonly PlainLinear k_proj;
    private readonly PlainLinear v_proj;
    private readonly PlainLinear out_proj;
#pragma warning restore IDE1006

    public ClipAttention(int hidden, int heads, ParameterFactory parameters) : base("self_attn")
    {
        this.heads = heads;
        k_proj = new PlainLinear(hidden, hidden, parameters, "k_proj");
        v_proj = new PlainLinear(hidden, hidden, parameters, "v_proj");
        q_proj = new PlainLinear(hidden, hidden, parameters, "q_proj");
        out_proj = new PlainLinear(hidden, hidden, parameters, "out_proj");
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, t, h) = (x.shape[0], x.shape[1], x.shape[2]);
        var d = h / heads;
        Tensor Split(Tensor y) => y.view(b, t, heads, d).transpose(1, 2);
        var q = Split(q_proj.forward(x));
        var k = Split(k_proj.forward(x));
        var v = Split(v_proj.forward(x));
        var weights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(d)).softmax(-1, ScalarType.Float32).CastTo(q.dtype);
        var context = weights.matmul(v).transpose(1, 2).reshape(b, t, h);
        return out_proj.forward(context);
    }
}
