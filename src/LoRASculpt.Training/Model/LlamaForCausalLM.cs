using LoRASculpt.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>HF LlamaForCausalLM: "model" (embed_tokens, layers, norm) and an untied "lm_head".</summary>
public sealed class LlamaForCausalLM : nn.Module
{
#pragma warning disable IDE1006
    private readonly LlamaModel model;
    private readonly Linear lm_head;
#pragma warning restore IDE1006

    public LlamaForCausalLM(TextConfig config) : base("language_model")
    {
        model = new LlamaModel(config);
        lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        RegisterComponents();
    }

    public LlamaModel Model => model;

    public Tensor EmbedTokens(Tensor ids) => model.EmbedTokens(ids);

    /// <summary>Logits [B, T, vocab] from input embeddings [B, T, hidden], an attention mask [B, T] (1 = real) and positions [B, T].</summary>
    public Tensor Logits(Tensor inputsEmbeds, Tensor attentionMask, Tensor positions) =>
        lm_head.forward(model.Forward(inputsEmbeds, attentionMask, positions));
}

/// <summary>HF LlamaModel: embed_tokens, layers.{i}, norm; rotary tables computed on the fly (no buffers).</summary>
public sealed class LlamaModel : nn.Module
{
    private readonly TextConfig config;
#pragma warning disable IDE1006
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly LlamaRmsNorm norm;
#pragma warning restore IDE1006

    public LlamaModel(TextConfig config) : base("model")
    {
        this.config = config;
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize);
        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, config.NumLayers).Select(_ => new LlamaDecoderLayer(config)).ToArray());
        norm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, "norm");
        RegisterComponents();
    }

    public Tensor EmbedTokens(Tensor ids) => embed_tokens.forward(ids);

    public Tensor Forward(Tensor inputsEmbeds, Tensor attentionMask, Tensor positions)
    {
        var t = inputsEmbeds.shape[1];
        // Causal and key-padding mask as an additive bias; a large finite negative keeps fully padded rows NaN-free.
        var causal = torch.ones(t, t, dtype: ScalarType.Float32).tril();
        var allowed = causal.unsqueeze(0) * attentionMask.to_type(ScalarType.Float32).unsqueeze(1);
        var mask = ((1 - allowed) * -1e9f).unsqueeze(1);
        var (cos, sin) = RotaryEmbedding.CosSin(positions, config.HeadDim, config.RopeTheta);
        var h = inputsEmbeds;
        foreach (var layer in layers)
            h = layer.forward(h, mask, cos, sin);
        return norm.forward(h);
    }
}
