using LoRASculpt.Core.Settings;

namespace LoRASculpt.Core.Tests.Settings;

public sealed class TrialParametersTests
{
    [Theory]
    [InlineData("density_a", "1.5", "density_a must be in (0, 1], got 1.5")]
    [InlineData("density_a", "0", "density_a must be in (0, 1], got 0")]
    [InlineData("rank", "0", "rank must be >= 1, got 0")]
    [InlineData("rank", "2.5", "rank must be an integer, got '2.5'")]
    [InlineData("alpha", "-1e-3", "alpha must be >= 0, got -0.001")]
    [InlineData("lr", "NaN", "lr must be a finite number, got 'NaN'")]
    [InlineData("connector", "half", "connector must be one of frozen, full, lora; got 'half'")]
    [InlineData("target_modules", "q,x", "target_modules has unknown entries 'x'; allowed: q, k, v, o, gate, up, down")]
    [InlineData("target_modules", "q,q", "target_modules lists 'q' more than once")]
    [InlineData("dare_drop", "1", "dare_drop must be in [0, 1), got 1")]
    [InlineData("epochs", "-1", "epochs must be >= 0, got -1")]
    [InlineData("epochs", "1.5", "epochs must be an integer, got '1.5'")]
    [InlineData("precision", "fp16", "precision must be one of fp32, bf16; got 'fp16'")]
    [InlineData("gradient_checkpointing", "yes", "gradient_checkpointing must be one of false, true; got 'yes'")]
    [InlineData("eval_samples", "-2", "eval_samples must be >= 0, got -2")]
    public void Rejects_bad_values_with_a_message_naming_the_parameter(string name, string raw, string expected)
    {
        Assert.False(TrialParameters.TryCanonicalize(name, raw, out var canonical, out var error));
        Assert.Equal("", canonical);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("lr", "1e-3", "0.001")]
    [InlineData("lr", " 0.0010 ", "0.001")]
    [InlineData("beta", "1E-05", "1E-05")]
    [InlineData("beta", "0.00001", "1E-05")]
    [InlineData("weight_decay", "-0", "0")]
    [InlineData("rank", "+32", "32")]
    [InlineData("density_b", "1", "1")]
    [InlineData("connector", " LoRA", "lora")]
    [InlineData("target_modules", "v, q ,DOWN", "q,v,down")]
    [InlineData("epochs", "03", "3")]
    [InlineData("precision", "BF16", "bf16")]
    [InlineData("gradient_checkpointing", " TRUE", "true")]
    [InlineData("train_samples", "0", "0")]
    public void Canonicalises_spellings_to_one_invariant_string(string name, string raw, string expected)
    {
        Assert.True(TrialParameters.TryCanonicalize(name, raw, out var canonical, out var error), error);
        Assert.Equal(expected, canonical);
    }

    [Fact]
    public void Unknown_parameter_is_an_error_naming_it()
    {
        Assert.False(TrialParameters.TryCanonicalize("sparsity", "0.1", out _, out var error));
        Assert.StartsWith("unknown parameter 'sparsity'", error);
    }

    [Fact]
    public void Every_default_is_valid_and_already_canonical()
    {
        foreach (var spec in TrialParameters.All)
        {
            Assert.True(TrialParameters.TryCanonicalize(spec.Name, spec.Default, out var canonical, out var error), error);
            Assert.Equal(spec.Default, canonical);
            Assert.All(spec.Methods, m => Assert.Contains(m, TrialParameters.Methods));
        }
        Assert.Equal(["lora", "lorasculpt", "dora", "l2", "orthreg", "dare", "model-tailor"], TrialParameters.Methods);
    }

    [Fact]
    public void Paper_defaults_for_the_regulariser_are_kept_except_alpha_which_is_scaled_to_the_built_in_model()
    {
        // The paper's 1e-3 leaves the CMR's gradient at ~3e-4 of the task's on the tiny model; the help quotes it.
        Assert.Equal("10", TrialParameters.Find("alpha")!.Default);
        Assert.Contains("code: 1e-3", TrialParameters.Find("alpha")!.Help);
        Assert.Equal("1E-05", TrialParameters.Find("beta")!.Default);
        Assert.Equal("1", TrialParameters.Find("omega")!.Default);
        Assert.Equal("q,k,v", TrialParameters.Find("cmr_modules")!.Default);
        Assert.Equal("mean", TrialParameters.Find("cmr_reduction")!.Default);
        Assert.Equal("q,k,v,o,gate,up,down", TrialParameters.Find("target_modules")!.Default);
    }

    [Fact]
    public void Parameters_for_real_checkpoints_default_to_the_tiny_models_behaviour_and_quote_the_paper()
    {
        Assert.Equal(("0", "fp32", "false"),
            (TrialParameters.Find("epochs")!.Default, TrialParameters.Find("precision")!.Default, TrialParameters.Find("gradient_checkpointing")!.Default));
        Assert.Contains("(paper: 3)", TrialParameters.Find("epochs")!.Help);
        Assert.Contains("(paper: bf16)", TrialParameters.Find("precision")!.Help);
        Assert.Contains("(paper: true)", TrialParameters.Find("gradient_checkpointing")!.Help);
        Assert.All(new[] { "epochs", "precision", "gradient_checkpointing" }, n => Assert.Empty(TrialParameters.Find(n)!.Methods));
    }
}
