using LoRASculpt.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Model;

/// <summary>CLIP patch embedding (conv without bias), learned class token and learned absolute position embeddings.</summary>
public sealed class ClipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly int patchSize;
#pragma warning disable IDE1006 // Hugging Face parameter names.
    private readonly Parameter class_embedding;
    private readonly PatchEmbedding patch_embedding;
    private readonly EmbeddingTable position_embedding;
#pragma warning restore IDE1006

    public ClipVisionEmbeddings(VisionConfig config, ParameterFactory parameters) : base("embeddings")
    {
        patchSize = config.PatchSize;
        class_embedding = parameters.Empty(config.HiddenSize);
        patch_embedding = new PatchEmbedding(config, parameters);
        position_embedding = new EmbeddingTable(config.NumPatches + 1, config.HiddenSize, parameters, "position_embedding");
        RegisterComponents();
    }

    /// <summary>[B, C, H, W] -> [B, 1 + patches, hidden], in the pixels' dtype.</summary>
    public override Tensor forward(Tensor pixelValues)
    {
        var batch = pixelValues.shape[0];
        var patches = F.conv2d(pixelValues, patch_embedding.weight.CastLike(pixelValues), strides: [patchSize, patchSize]).flatten(2).transpose(1, 2);
        var cls = class_embedding.CastLike(pixelValues).view(1, 1, -1).expand(batch, 1, -1);
        var embeddings = torch.cat([cls, patches], 1);
        return embeddings + position_embedding.weight.CastLike(pixelValues).unsqueeze(0);
    }
}

/// <summary>The patch_embedding conv's parameter holder ("weight" [hidden, channels, patch, patch], no bias).</summary>
public sealed class PatchEmbedding : nn.Module
{
    public PatchEmbedding(VisionConfig config, ParameterFactory parameters) : base("patch_embedding")
    {
        weight = parameters.Empty(config.HiddenSize, config.NumChannels, config.PatchSize, config.PatchSize);
        register_parameter("weight", weight);
    }

#pragma warning disable IDE1006
    public Parameter weight { get; }
#pragma warning restore IDE1006
}
