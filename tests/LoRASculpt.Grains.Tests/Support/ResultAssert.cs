using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Grains.Tests.Support;

/// <summary>Records holding immutable arrays compare those by reference; results are compared by value here.</summary>
public static class ResultAssert
{
    public static void Same(TrialResult? expected, TrialResult? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(Key(expected), Key(actual));
        Assert.Equal(expected.Tasks.ToArray(), actual.Tasks.ToArray());
    }

    private static (double, double, double, string, string, TimeSpan, int) Key(TrialResult r) =>
        (r.Source, r.Target, r.Avg, r.AdapterKey, r.SuiteVersion, r.TrainingTime, r.Diagnostics.Steps);
}
