using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Model;

/// <summary>State-dict copies between models, as a checkpoint loader would do them (by Hugging Face name, cast on copy).</summary>
internal static class ModelWeights
{
    public static void Copy(nn.Module from, nn.Module to)
    {
        using var noGrad = torch.no_grad();
        var source = from.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in to.named_parameters())
            p.copy_(source[name]);
    }

    /// <summary>A model with <paramref name="options"/> holding <paramref name="from"/>'s weights.</summary>
    public static LlavaForConditionalGeneration Load(LlavaForConditionalGeneration from, ModelOptions options, LoRASculpt.Core.Models.MllmConfig? config = null)
    {
        var model = new LlavaForConditionalGeneration(config ?? from.Config, options);
        Copy(from, model);
        return model;
    }

    /// <summary>Every weight rounded to <paramref name="dtype"/> and back, in place.</summary>
    public static void Round(nn.Module model, ScalarType dtype)
    {
        using var noGrad = torch.no_grad();
        foreach (var p in model.parameters())
        {
            using var rounded = p.to_type(dtype);
            p.copy_(rounded);
        }
    }
}
