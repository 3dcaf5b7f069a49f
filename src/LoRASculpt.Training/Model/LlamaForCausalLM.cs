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
    private readonly PlainLinear lm_head;
#pragma warning restore IDE1006

    public LlamaForCausalLM(TextConfig config, ParameterFactory parameters) : base("language_model")
    {
        model = new LlamaModel(config, parameters);
        lm_head = new PlainLinear(config.HiddenSize, config.VocabSize, parameters, "lm_head", hasBias: false);
        RegisterComponents();
    }

    public LlamaModel Model => model;

    /// <summary>Embedding rows for ids [B, T] (every id must index the table), in the stored dtype.</summary>
    public Tensor EmbedTokens(Tensor ids) => model.EmbedTokens(ids);

    /// <summary>Logits [B, T, vocab] from input embeddings [B, T, hidden], an attention mask [B, T] (1 = real) and positions [B, T].</summary>
    public Tensor Logits(Tensor inputsEmbeds, Tensor attentionMask, Tensor positions) =>
        lm_head.forward(model.Forward(inputsEmbeds, attentionMask, positions));
}

/// <summary>
/// HF LlamaModel: embed_tokens, layers.{i}, norm; rotary tables computed on the fly (no buffers). With
/// <see cref="GradientCheckpointing"/> each decoder layer keeps only its input for backward and recomputes the rest.
/// </summary>
public sealed class LlamaModel : nn.Module
{
    private readonly TextConfig config;
#pragma warning disable IDE1006
    private readonly EmbeddingTable embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly LlamaRmsNorm norm;
#pragma warning restore IDE1006

    public LlamaModel(TextConfig config, ParameterFactory parameters) : base("model")
    {
        this.config = config;
        embed_tokens = new EmbeddingTable(config.VocabSize, config.HiddenSize, parameters, "embed_tokens");
        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, config.NumLayers).Select(_ => new LlamaDecoderLayer(config, parameters)).ToArray());
        norm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, "norm", parameters);
        RegisterComponents();
    }

    public bool GradientCheckpointing { get; set; }

    internal Parameter EmbeddingWeight => embed_tokens.weight;

    public Tensor EmbedTokens(Tensor ids) => embed_tokens.forward(ids);

    /// <summary>Final hidden states [B, T, hidden] in the embeddings' dtype; mask and rotary tables are built on their device.</summary>
    public Tensor Forward(Tensor inputsEmbeds, Tensor attentionMask, Tensor positions)
    {
        var mask = AttentionMasks.CausalPadding(attentionMask, inputsEmbeds.dtype);
        var (cos, sin) = RotaryEmbedding.CosSin(positions, config.HeadDim, config.RopeTheta, inputsEmbeds.dtype);
        var h = inputsEmbeds;
        foreach (var layer in layers)
        {
            // A layer's temporaries are freed when it returns (autograd holds its own references to what backward
            // needs): under the caller's step-wide dispose scope every intermediate of the forward would otherwise
            // stay alive until the step ends, several times the activations autograd keeps.
            using var scope = torch.NewDisposeScope();
            h = (GradientCheckpointing ? DecoderLayerCheckpoint.Run(layer, h, mask, cos, sin) : layer.forward(h, mask, cos, sin)).MoveToOuterDisposeScope();
        }
        return norm.forward(h);
    }
}
