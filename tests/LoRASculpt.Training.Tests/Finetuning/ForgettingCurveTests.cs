using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Finetuning;

namespace LoRASculpt.Training.Tests.Finetuning;

/// <summary>Forgetting-curve points during fine-tuning: when they come, and that measuring them changes nothing trained.</summary>
public sealed class ForgettingCurveTests : IDisposable
{
    private readonly MicroTrialRunner micro = new();

    private string directory => micro.Directory;

    private TrialRunner runner => micro.Runner;

    public void Dispose() => micro.Dispose();

    private static TrialSettings Micro(string evalEvery) =>
        TrialSettings.Create("lorasculpt", "micro-llava", "icon-mc", ["shape-vqa", "text-ocr"], new Dictionary<string, string>
        {
            ["steps"] = "5", ["batch_size"] = "2", ["train_samples"] = "8", ["eval_samples"] = "5", ["rank"] = "2",
            ["checkpoint_every"] = "0", ["prune_step"] = "1", ["eval_every"] = evalEvery, ["curve_samples"] = "3",
        });

    private (byte[] Adapter, List<TrainProgress> Reports) Train(string evalEvery)
    {
        var reports = new List<TrainProgress>();
        var path = Path.Combine(directory, $"every-{evalEvery}.safetensors");
        runner.Train(Micro(evalEvery), new TrainOptions(path), new SyncProgress<TrainProgress>(reports.Add), CancellationToken.None);
        return (File.ReadAllBytes(path), reports);
    }

    [Fact]
    public void Points_come_every_eval_every_steps_and_change_nothing_trained()
    {
        var (withCurve, curveReports) = Train("2");
        var (without, plainReports) = Train("0");

        var points = curveReports.Where(r => r.Curve is not null).Select(r => r.Curve!).ToList();
        Assert.Equal([2, 4], points.Select(p => p.Step));
        Assert.Equal([2, 4], curveReports.Where(r => r.Curve is not null).Select(r => r.Step));
        Assert.All(points, p =>
        {
            Assert.InRange(p.Source, 0, 100);
            Assert.InRange(p.Target, 0, 100);
        });
        Assert.All(plainReports, r => Assert.Null(r.Curve));

        // Same losses at every step, and the same adapter to the byte: evaluation consumed no training randomness.
        Assert.Equal(plainReports.Select(r => (r.Step, r.Loss)), curveReports.Select(r => (r.Step, r.Loss)));
        Assert.Equal(without, withCurve);
    }

    [Fact]
    public void A_curve_point_scores_the_slice_with_each_tasks_metric()
    {
        // At step 5 with eval_every 5 the live model is the final one: 3 items per task, exact match on icon-mc and
        // text-ocr, VQA accuracy on shape-vqa, every value a multiple of what one item can move the score by.
        var (_, reports) = Train("5");
        var point = Assert.Single(reports, r => r.Curve is not null).Curve!;
        Assert.Equal(5, point.Step);
        Assert.Equal(0, Math.Round(point.Target * 3 / 100, 9) % 1);
    }
}
