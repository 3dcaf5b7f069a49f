using System.Text.Json;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;

namespace LoRASculpt.Reporting.Tests;

/// <summary>The forgetting curves in curves.csv, in results.json and as forgetting-curves.png.</summary>
public sealed class ForgettingCurveRenderersTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lorasculpt-curves-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The fixture with curves on the first two trials (the second one's last Target not finite), none on the rest.</summary>
    private static SweepResults WithCurves()
    {
        var results = ResultsFixture.Build();
        var rows = results.Rows.ToArray();
        rows[0] = rows[0] with { Curve = [new CurvePoint(25, 55.5, 30.125), new CurvePoint(50, 52.25, 41)] };
        rows[1] = rows[1] with { Curve = [new CurvePoint(25, 60, 0.1), new CurvePoint(50, 59.75, double.NaN)] };
        return results with { Rows = [.. rows] };
    }

    [Fact]
    public void Curves_csv_has_one_row_per_point_in_plan_then_step_order()
    {
        Assert.Equal(
            "trial_id,step,source,target\r\n" +
            "t-0000000000000001,25,55.5,30.125\r\n" +
            "t-0000000000000001,50,52.25,41\r\n" +
            "t-0000000000000002,25,60,0.1\r\n" +
            "t-0000000000000002,50,59.75,NaN\r\n",
            CsvResultsWriter.RenderCurves(WithCurves()));
        Assert.Equal("trial_id,step,source,target\r\n", CsvResultsWriter.RenderCurves(ResultsFixture.Build()));
    }

    [Fact]
    public void Json_gives_every_trial_a_curve_array_with_null_for_a_score_that_is_not_finite()
    {
        using var json = JsonDocument.Parse(JsonResultsWriter.Render(WithCurves()));
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToArray();

        Assert.Equal(
            """[{"step":25,"source":55.5,"target":30.125},{"step":50,"source":52.25,"target":41}]""",
            Compact(trials[0].GetProperty("curve")));
        Assert.Equal(
            """[{"step":25,"source":60,"target":0.1},{"step":50,"source":59.75,"target":null}]""",
            Compact(trials[1].GetProperty("curve")));
        Assert.All(trials.Skip(2), t => Assert.Equal(0, t.GetProperty("curve").GetArrayLength()));
    }

    [Fact]
    public void The_curves_plot_is_written_only_when_some_trial_has_a_curve()
    {
        var paths = ResultPlots.WriteAll(WithCurves(), _directory);
        Assert.Equal(Path.Combine(_directory, "forgetting-curves.png"), paths[^1]);
        var header = File.ReadAllBytes(paths[^1]).AsSpan(0, 24).ToArray();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, header[..4]);
        Assert.Equal((1240, 460), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20))));

        Assert.DoesNotContain(ResultPlots.WriteAll(ResultsFixture.Build(), Path.Combine(_directory, "none")), p => p.EndsWith("forgetting-curves.png", StringComparison.Ordinal));
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
