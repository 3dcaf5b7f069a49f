using LoRASculpt.Contracts.Execution;
using LoRASculpt.Grains.Evaluation;

namespace LoRASculpt.Grains.Tests.Units;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(JobFailureKind.Deterministic, 1, true)]
    [InlineData(JobFailureKind.Transient, 1, false)]
    [InlineData(JobFailureKind.Transient, 2, false)]
    [InlineData(JobFailureKind.Transient, 3, true)]
    public void Gives_up_at_once_on_a_deterministic_failure_and_at_the_limit_on_transient_ones(JobFailureKind kind, int failures, bool givesUp) =>
        Assert.Equal(givesUp, new RetryPolicy(3, TimeSpan.FromSeconds(1)).GivesUp(kind, failures));

    [Fact]
    public void Each_backoff_doubles_the_last()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(250));

        Assert.Equal([250.0, 500.0, 1000.0, 2000.0], Enumerable.Range(1, 4).Select(n => policy.Backoff(n).TotalMilliseconds));
    }
}
