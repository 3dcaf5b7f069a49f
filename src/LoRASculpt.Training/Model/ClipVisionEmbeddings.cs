using LoRASculpt.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>CLIP patch embedding (conv without bias), learned class token and learned absolute position embeddings.</summary>
public sealed class ClipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face parameter names.
    private readonly Parameter class_embedding;
    private readonly Conv2d patch_embedding;
    private readonly Embedding position_embedding;
#pragma warning restore IDE1006

    public ClipVisionEmbeddings(VisionConfig config) : base("embeddings")
    {
        class_embedding = nn.Parameter(torch.randn(config.HiddenSize));
        patch_embedding = nn.Conv2d(config.NumChannels, config.HiddenSize, config.PatchSize, stride: config.PatchSize, bias: false);
        position_embedding = nn.Embedding(config.NumPatches + 1, config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>[B, C, H, W] -> [B, 1 + patches, hidden].</summary>
    public override Tensor forward(Tensor pixelValues)
    {
        var batch = pixelValues.shape[0];
        var patches = patch_embedding.forward(pixelValues).flatten(2).transpose(1, 2);
        var cls = class_embedding.view(1, 1, -1).expand(batch, 1, -1);
        var embeddings = torch.cat([cls, patches], 1);
        return embeddings + position_embedding.weight!.unsqueeze(0);
    }
}
