using LoRASculpt.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>LLaMA decoder layer: x + attn(input_layernorm(x)), then x + mlp(post_attention_layernorm(x)).</summary>
public sealed class LlamaDecoderLayer : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly LlamaAttention self_attn;
    private readonly LlamaMlp mlp;
    private readonly LlamaRmsNorm input_layernorm;
    private readonly LlamaRmsNorm post_attention_layernorm;
#pragma warning restore IDE1006

    public LlamaDecoderLayer(TextConfig config, ParameterFactory parameters) : base("layer")
    {
        self_attn = new LlamaAttention(config, parameters);
        mlp = new LlamaMlp(config, parameters);
        input_layernorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, "input_layernorm", parameters);
        post_attention_layernorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, "post_attention_layernorm", parameters);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor mask, Tensor cos, Tensor sin)
    {
        var h = x + self_attn.forward(input_layernorm.forward(x), mask, cos, sin);
        return h + mlp.forward(post_attention_layernorm.forward(h));
    }
}
