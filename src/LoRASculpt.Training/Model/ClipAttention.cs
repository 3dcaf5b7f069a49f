using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>CLIP multi-head self-attention (bidirectional, biased q/k/v/out_proj).</summary>
public sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    private readonly int heads;
#pragma warning disable IDE1006
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear out_proj;
#pragma warning restore IDE1006

    public ClipAttention(int hidden, int heads) : base("self_attn")
    {
        this.heads = heads;
        k_proj = nn.Linear(hidden, hidden);
        v_proj = nn.Linear(hidden, hidden);
        q_proj = nn.Linear(hidden, hidden);
        out_proj = nn.Linear(hidden, hidden);
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
        var weights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(d)).softmax(-1);
        var context = weights.matmul(v).transpose(1, 2).reshape(b, t, h);
        return out_proj.forward(context);
    }
}
