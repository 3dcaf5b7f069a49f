using LoRASculpt.Core.Settings;

namespace LoRASculpt.Core.Tests.Settings;

public sealed class PruneConnectorSettingTests
{
    private static TrialSettings Create(string method, params (string, string)[] parameters) =>
        TrialSettings.Create(method, "tiny-llava", "icon-mc", [], parameters.ToDictionary(p => p.Item1, p => p.Item2));

    [Fact]
    public void Prune_connector_is_off_by_default_and_part_of_a_lorasculpt_trial()
    {
        var off = Create("lorasculpt", ("connector", "lora"));
        Assert.False(off.PruneConnector);
        Assert.Equal("false", off.ToCanonicalParameters()["prune_connector"]);
        var on = Create("lorasculpt", ("connector", "lora"), ("prune_connector", "TRUE"));
        Assert.True(on.PruneConnector);
        Assert.Equal(on.ToCanonicalParameters(), Create("lorasculpt", [.. on.ToCanonicalParameters().Select(p => (p.Key, p.Value))]).ToCanonicalParameters());
    }

    [Fact]
    public void Prune_connector_does_not_apply_to_plain_lora()
    {
        var lora = Create("lora", ("prune_connector", "true"));
        Assert.Equal(["prune_connector"], lora.IgnoredParameters);
        Assert.DoesNotContain("prune_connector", lora.ToCanonicalParameters().Keys);
    }
}
