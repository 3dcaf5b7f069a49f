using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>Pre-LN CLIP encoder layer: x + attn(ln1(x)), then x + fc2(act(fc1(ln2(x)))).</summary>
public sealed class ClipEncoderLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly ClipAttention self_attn;
    private readonly PlainLayerNorm layer_norm1;
    private readonly ClipMlp mlp;
    private readonly PlainLayerNorm layer_norm2;
#pragma warning restore IDE1006

    public ClipEncoderLayer(int hidden, int heads, int intermediate, double eps, string hiddenAct, ParameterFactory parameters) : base("layer")
    {
        self_attn = new ClipAttention(hidden, heads, parameters);
        layer_norm1 = new PlainLayerNorm(hidden, eps, parameters, "layer_norm1");
        mlp = new ClipMlp(hidden, intermediate, hiddenAct, parameters);
        layer_norm2 = new PlainLayerNorm(hidden, eps, parameters, "layer_norm2");
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = x + self_attn.forward(layer_norm1.forward(x));
        return h + mlp.forward(layer_norm2.forward(h));
    }
}

/// <summary>CLIP MLP: fc2(act(fc1(x))), act = quick_gelu (x * sigmoid(1.702 x)) in openai/clip-vit-large-patch14-336.</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> activation;
#pragma warning disable IDE1006
    private readonly PlainLinear fc1;
    private readonly PlainLinear fc2;
#pragma warning restore IDE1006

    public ClipMlp(int hidden, int intermediate, string hiddenAct, ParameterFactory parameters) : base("mlp")
    {
        activation = ActivationFunctions.Get(hiddenAct);
        fc1 = new PlainLinear(hidden, intermediate, parameters, "fc1");
        fc2 = new PlainLinear(intermediate, hidden, parameters, "fc2");
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => fc2.forward(activation(fc1.forward(x)));
}
