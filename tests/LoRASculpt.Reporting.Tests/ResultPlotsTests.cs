using System.Buffers.Binary;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Reporting.Tests;

public sealed class ResultPlotsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lorasculpt-plots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory) && Environment.GetEnvironmentVariable("LORASCULPT_KEEP_PLOTS") is null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Writes_a_scores_plot_per_numeric_axis_and_the_pareto_plot_as_real_pngs()
    {
        var paths = ResultPlots.WriteAll(ResultsFixture.Build(), _directory, "quickstart-");

        Assert.Equal(
            [Path.Combine(_directory, "quickstart-scores-vs-alpha.png"), Path.Combine(_directory, "quickstart-source-vs-target.png")],
            paths);
        Assert.Equal((1560, 440), PngSize(paths[0]));
        Assert.Equal((760, 560), PngSize(paths[1]));
    }

    [Fact]
    public void Only_numeric_axes_get_a_line_plot()
    {
        var numeric = ResultsFixture.Build();
        var categorical = numeric with
        {
            SweptAxes = ["alpha", "connector"],
            Rows = [.. numeric.Rows.Select(r => r with { SweptValues = r.SweptValues.Add("connector", "lora") })],
        };

        Assert.Equal(["alpha"], ResultPlots.NumericAxes(categorical));
    }

    [Fact]
    public void Without_completed_trials_there_is_nothing_to_plot_against_target()
    {
        var results = ResultsFixture.Reporting([ResultsFixture.Row("t-1", "lora", [], null, Contracts.Trials.TrialStatus.Queued)]);

        Assert.Empty(ResultPlots.WriteAll(results, _directory));
    }

    [Fact]
    public void Diverged_trials_with_nan_scores_are_left_out_of_the_plots()
    {
        var results = ResultsFixture.Build();
        results = results with { Rows = [.. results.Rows, ResultsFixture.Row("t-nan", "lorasculpt", [("alpha", "0.1")], ResultsFixture.Result(double.NaN, 10))] };

        var paths = ResultPlots.WriteAll(results, _directory);

        Assert.Equal(2, paths.Count);
        Assert.All(paths, p => Assert.True(PngSize(p).Width > 0));
    }

    /// <summary>Checks the PNG signature and IHDR chunk and returns the image size.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
