using LoRASculpt.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>HF CLIPVisionModel: the "vision_model" child (embeddings, pre_layrnorm, encoder.layers, post_layernorm).</summary>
public sealed class ClipVisionModel : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly ClipVisionTransformer vision_model;
#pragma warning restore IDE1006

    public ClipVisionModel(VisionConfig config, ParameterFactory parameters) : base("vision_tower")
    {
        vision_model = new ClipVisionTransformer(config, parameters);
        RegisterComponents();
    }

    public ClipVisionTransformer VisionModel => vision_model;

    /// <summary>Hidden state <paramref name="hiddenStateIndex"/> (0 = after pre_layrnorm, i = after layer i), class token included.</summary>
    public Tensor HiddenState(Tensor pixelValues, int hiddenStateIndex) => vision_model.HiddenState(pixelValues, hiddenStateIndex);

    /// <summary>post_layernorm(last layer)[:, 0] — CLIP's pooled output; LLaVA does not use it.</summary>
    public override Tensor forward(Tensor pixelValues) => vision_model.forward(pixelValues);
}

public sealed class ClipVisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly int layerCount;
#pragma warning disable IDE1006
    private readonly ClipVisionEmbeddings embeddings;
    private readonly PlainLayerNorm pre_layrnorm; // sic: the Hugging Face name.
    private readonly ClipEncoder encoder;
    private readonly PlainLayerNorm post_layernorm;
#pragma warning restore IDE1006

    public ClipVisionTransformer(VisionConfig config, ParameterFactory parameters) : base("vision_model")
    {
        layerCount = config.NumLayers;
        embeddings = new ClipVisionEmbeddings(config, parameters);
        pre_layrnorm = new PlainLayerNorm(config.HiddenSize, config.LayerNormEps, parameters, "pre_layrnorm");
        encoder = new ClipEncoder(config, parameters);
        post_layernorm = new PlainLayerNorm(config.HiddenSize, config.LayerNormEps, parameters, "post_layernorm");
        RegisterComponents();
    }

    /// <summary>Runs only as many layers as needed for the requested hidden state.</summary>
    public Tensor HiddenState(Tensor pixelValues, int hiddenStateIndex)
    {
        if (hiddenStateIndex < 0 || hiddenStateIndex > layerCount) throw new ArgumentOutOfRangeException(nameof(hiddenStateIndex));
        var h = pre_layrnorm.forward(embeddings.forward(pixelValues));
        for (var i = 0; i < hiddenStateIndex; i++)
        {
            // Free each layer's temporaries as it returns (see LlamaModel.Forward).
            using var scope = torch.NewDisposeScope();
            h = encoder.Layers[i].forward(h).MoveToOuterDisposeScope();
        }
        return h;
    }

    public override Tensor forward(Tensor pixelValues) =>
        post_layernorm.forward(HiddenState(pixelValues, layerCount)[.., 0]);
}

public sealed class ClipEncoder : nn.Module
{
    private readonly ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(VisionConfig config, ParameterFactory parameters) : base("encoder")
    {
        layers = new ModuleList<ClipEncoderLayer>(Enumerable.Range(0, config.NumLayers)
            .Select(_ => new ClipEncoderLayer(config.HiddenSize, config.NumHeads, config.IntermediateSize, config.LayerNormEps, config.HiddenAct, parameters)).ToArray());
        RegisterComponents();
    }

    public ModuleList<ClipEncoderLayer> Layers => layers;
}
