using LoRASculpt.Training.Data;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Model;

public sealed class ImageTokenFormsTests
{
    [Fact]
    public void One_and_expanded_image_tokens_give_identical_logits()
    {
        using var model = ModelFixture.NewModel();
        using var batch = ModelFixture.Batch("text-ocr", "icon-mc");
        var n = ModelFixture.Config.ImageTokenCount;
        var (ids, mask) = Expand(batch, SpecialTokens.ImageId, n);
        using var one = model.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        using var expanded = model.Logits(batch.PixelValues, ids, mask);
        Assert.Equal(batch.InputIds.shape[1] + n - 1, expanded.shape[1]);
        Assert.True(TensorsAssert.Same(one, expanded));

        // The loss supervises the same answer tokens either way.
        using var labels = Expand(batch.Labels, SpecialTokens.ImageId, n, batch.InputIds);
        using var oneLoss = model.ComputeLoss(batch);
        using var expandedLoss = model.ComputeLoss(new MllmBatch(batch.PixelValues.clone(), ids.clone(), mask.clone(), labels.clone()));
        Assert.Equal(oneLoss.item<float>(), expandedLoss.item<float>());
    }

    [Theory]
    [InlineData(-200)]  // the original LLaVA placeholder
    [InlineData(256)]   // one past the 256-row embedding (llava-hf's 32000 in a 32000-row table)
    public void An_image_id_outside_the_embedding_is_spliced_like_an_inside_one(int imageId)
    {
        using var inside = ModelFixture.NewModel();
        using var outside = LlavaForConditionalGeneration.Create(ModelFixture.Config with { ImageTokenId = imageId }, 3);
        using var batch = ModelFixture.Batch("text-ocr", "icon-mc");
        using var ids = batch.InputIds.masked_fill(batch.InputIds.eq(SpecialTokens.ImageId), imageId);
        using var expected = inside.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        using var actual = outside.Logits(batch.PixelValues, ids, batch.AttentionMask);
        Assert.True(TensorsAssert.Same(expected, actual));
    }

    [Fact]
    public void Full_strategy_keeps_the_class_feature()
    {
        using var defaultModel = ModelFixture.NewModel();
        var fullConfig = ModelFixture.Config with { VisionFeatureSelectStrategy = "full" };
        using var fullModel = LlavaForConditionalGeneration.Create(fullConfig, 3);
        using var batch = ModelFixture.Batch("text-ocr");
        var patches = ModelFixture.Config.Vision.NumPatches;
        Assert.Equal(patches + 1, fullConfig.ImageTokenCount);

        using var patchFeatures = defaultModel.EncodeImages(batch.PixelValues);
        using var allFeatures = fullModel.EncodeImages(batch.PixelValues);
        Assert.Equal([1L, patches, ModelFixture.Config.Text.HiddenSize], patchFeatures.shape);
        Assert.Equal([1L, patches + 1, ModelFixture.Config.Text.HiddenSize], allFeatures.shape);
        // Same weights: "full" only adds the class token's feature in front.
        Assert.True(TensorsAssert.Same(patchFeatures, allFeatures[.., 1..]));

        using var logits = fullModel.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        Assert.Equal(batch.InputIds.shape[1] + patches, logits.shape[1]);
    }

    /// <summary>Each row's single image token repeated n times (llava-hf processor form), the mask and labels alongside.</summary>
    private static (Tensor Ids, Tensor Mask) Expand(MllmBatch batch, long imageId, int n) =>
        (Expand(batch.InputIds, imageId, n, batch.InputIds), Expand(batch.AttentionMask, imageId, n, batch.InputIds));

    private static Tensor Expand(Tensor values, long imageId, int n, Tensor ids)
    {
        var (rows, length) = ((int)ids.shape[0], (int)ids.shape[1]);
        var source = values.data<long>().ToArray();
        var tokens = ids.data<long>().ToArray();
        var result = new List<long>();
        for (var b = 0; b < rows; b++)
        for (var t = 0; t < length; t++)
            result.AddRange(Enumerable.Repeat(source[b * length + t], tokens[b * length + t] == imageId ? n : 1));
        return torch.tensor(result.ToArray(), [rows, length + n - 1]);
    }
}
