using LoRASculpt.Core.Settings;

namespace LoRASculpt.Core.Tests.Settings;

public sealed class TrialSettingsTests
{
    private static TrialSettings Create(string method, params (string Name, string Value)[] parameters) =>
        TrialSettings.Create(method, "tiny-llava", "icon-mc", [], parameters.ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public void Defaults_fill_every_applicable_parameter()
    {
        var s = Create("lorasculpt");
        Assert.Equal(TrainingMethod.LoraSculpt, s.Method);
        Assert.Equal(0.1, s.DensityA);
        Assert.Equal(CmrReduction.Mean, s.CmrReduction);
        Assert.Equal(["shape-vqa", "text-ocr", "spatial-qa", "count-vqa"], s.SourceTasks);
        var canonical = s.ToCanonicalParameters();
        Assert.Equal("0.1", canonical["density_a"]);
        Assert.False(canonical.ContainsKey("density"));
        Assert.False(canonical.ContainsKey("dare_drop"));
        Assert.Equal(TrialParameters.All.Count(p => p.AppliesTo("lorasculpt")) - 1, canonical.Count);
    }

    [Fact]
    public void Density_shorthand_sets_both_factors()
    {
        var s = Create("lorasculpt", ("density", "0.05"));
        Assert.Equal((0.05, 0.05), (s.DensityA, s.DensityB));
    }

    [Fact]
    public void Canonical_parameters_round_trip()
    {
        var s = Create("lorasculpt", ("lr", "2e-4"), ("cmr_modules", "v,q"), ("connector", "LORA"));
        var again = TrialSettings.Create("lorasculpt", "tiny-llava", "icon-mc", [], s.ToCanonicalParameters());
        Assert.Equal(s.ToCanonicalParameters(), again.ToCanonicalParameters());
        Assert.Equal("q,v", again.ToCanonicalParameters()["cmr_modules"]);
        Assert.Equal(ConnectorMode.Lora, again.Connector);
    }

    [Fact]
    public void Parameters_of_other_methods_are_ignored_and_reported()
    {
        var s = Create("lora", ("density", "0.2"), ("rank", "4"));
        Assert.Equal(["density"], s.IgnoredParameters);
        Assert.False(s.ToCanonicalParameters().ContainsKey("density_a"));
        Assert.Equal("4", s.ToCanonicalParameters()["rank"]);
    }

    [Fact]
    public void Collects_every_error_at_once()
    {
        var ex = Assert.Throws<SettingsValidationException>(() =>
            TrialSettings.Create("sculpt", "gpt-7b", "shape-vqa", ["icon-mc"],
                new Dictionary<string, string> { ["rank"] = "0", ["alpha"] = "-1", ["density"] = "1.5", ["bogus"] = "1" }));
        Assert.Equal(["method", "base_model", "target_task", "source_tasks", "rank", "alpha", "density", "bogus"],
            ex.Errors.Select(e => e.Field));
        Assert.Contains("rank must be >= 1, got 0", ex.Message);
        Assert.Contains("density must be in (0, 1], got 1.5", ex.Message);
        Assert.Contains("method must be one of lora, lorasculpt", ex.Message);
    }

    [Fact]
    public void Cross_field_rules_are_checked()
    {
        var ex = Assert.Throws<SettingsValidationException>(() =>
            Create("lorasculpt", ("steps", "10"), ("prune_step", "10"), ("target_modules", "q,o"), ("cmr_modules", "q,k")));
        Assert.Equal(["prune_step", "cmr_modules"], ex.Errors.Select(e => e.Field));
        var both = Assert.Throws<SettingsValidationException>(() => Create("lorasculpt", ("density", "0.2"), ("density_a", "0.3")));
        Assert.Equal("density", Assert.Single(both.Errors).Field);
    }
}
