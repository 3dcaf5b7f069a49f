using LoRASculpt.Cli.Hosting;
using LoRASculpt.Training.Pretraining;

namespace LoRASculpt.Cli.Tests.Sweep;

public sealed class BaseModelProgressTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Pretraining_is_described_while_it_runs_and_not_after()
    {
        var clock = new ManualClock();
        var progress = new BaseModelProgress(clock);
        Assert.Null(progress.Describe());

        progress.Report(new PretrainingProgress(300, 1500, 2.123456, 1e-3, TimeSpan.FromSeconds(65)));
        Assert.Equal("base model: pretraining step 300/1500, loss 2.1235 (1:05; once per machine, then reused)", progress.Describe());

        clock.Now += TimeSpan.FromSeconds(61);
        Assert.Null(progress.Describe());

        progress.Report(new PretrainingProgress(1500, 1500, 1.5, 1e-4, TimeSpan.FromSeconds(400)));
        Assert.Null(progress.Describe());
    }
}
