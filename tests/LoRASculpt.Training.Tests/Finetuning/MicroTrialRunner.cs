using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Training.Tests.Finetuning;

/// <summary>A trial runner over a temporary store whose micro base model pretrains in a few steps: for wiring tests, not learning.</summary>
internal sealed class MicroTrialRunner : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "lorasculpt-tests", Guid.NewGuid().ToString("N"));

    public TrialRunner Runner { get; }

    public MicroTrialRunner()
    {
        Runner = new TrialRunner(Directory, new TrialRunnerOptions
        {
            Pretraining = new PretrainingOptions { Steps = 2, BatchSize = 4, WarmupSteps = 1 },
            EvaluationBatchSize = 3,
        });
    }

    public void Dispose()
    {
        Runner.Dispose();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
