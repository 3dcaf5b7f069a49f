using LoRASculpt.Contracts.Execution;
using LoRASculpt.Contracts.Grains;
using LoRASculpt.Contracts.Reevaluation;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Grains.Reevaluation;

/// <summary>
/// Copies the failure reports of re-evaluation jobs to their <see cref="IReevaluationFailureGrain"/>. Workers report
/// every job failure to <c>ITrialGrain(job.TrialId).ReportJobFailed</c>; for a re-evaluation shard that is the entry's
/// trial, which ignores the report (attempt <see cref="ReevaluationIds.JobAttempt"/> is never a trial's). Without this
/// the run would only see missing outcomes until its timeout, with no reason. The trial still gets the call.
/// </summary>
public sealed partial class ReevaluationFailureFilter(IGrainFactory grains, ILogger<ReevaluationFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod is { Name: nameof(ITrialGrain.ReportJobFailed) } method && method.DeclaringType == typeof(ITrialGrain) &&
            context.Request.GetArgument(1) is ReevaluationIds.JobAttempt &&
            context.Request.GetArgument(0) is string jobId &&
            context.Request.GetArgument(2) is JobFailureKind kind &&
            context.Request.GetArgument(3) is string reason &&
            ReevaluationIds.EntrySuiteOfJob(context.TargetId.Key.ToString()!, jobId) is { } entrySuite)
        {
            try
            {
                await grains.GetGrain<IReevaluationFailureGrain>(entrySuite).Report(jobId, kind, reason);
            }
            catch (Exception e)
            {
                // The run then sees the shard as missing and re-queues it later: the reason is lost, not the work.
                LogCopyFailed(e, jobId);
            }
        }
        await context.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the failure of re-evaluation job {JobId}")]
    private partial void LogCopyFailed(Exception exception, string jobId);
}
