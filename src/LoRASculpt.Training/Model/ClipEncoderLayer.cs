using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>Pre-LN CLIP encoder layer: x + attn(ln1(x)), then x + fc2(quick_gelu(fc1(ln2(x)))).</summary>
public sealed class ClipEncoderLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly ClipAttention self_attn;
    private readonly LayerNorm layer_norm1;
    private readonly ClipMlp mlp;
    private readonly LayerNorm layer_norm2;
#pragma warning restore IDE1006

    public ClipEncoderLayer(int hidden, int heads, int intermediate, double eps) : base("layer")
    {
        self_attn = new ClipAttention(hidden, heads);
        layer_norm1 = nn.LayerNorm(hidden, eps);
        mlp = new ClipMlp(hidden, intermediate);
        layer_norm2 = nn.LayerNorm(hidden, eps);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = x + self_attn.forward(layer_norm1.forward(x));
        return h + mlp.forward(layer_norm2.forward(h));
    }
}

/// <summary>CLIP MLP with quick_gelu (x * sigmoid(1.702 x)), as in openai/clip-vit-large-patch14-336.</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006

    public ClipMlp(int hidden, int intermediate) : base("mlp")
    {
        fc1 = nn.Linear(hidden, intermediate);
        fc2 = nn.Linear(intermediate, hidden);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = fc1.forward(x);
        return fc2.forward(h * torch.sigmoid(1.702 * h));
    }
}
