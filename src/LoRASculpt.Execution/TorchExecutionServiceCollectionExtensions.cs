using LoRASculpt.Contracts.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Execution;

public static class TorchExecutionServiceCollectionExtensions
{
    /// <summary>
    /// Registers trial kind "torch" (real fine-tuning and evaluation) for this silo's worker slots. Needs an
    /// IArtifactStore (file store in embedded mode, Blob storage in a cluster). Options are validated at start.
    /// </summary>
    public static IServiceCollection AddTorchJobExecutor(this IServiceCollection services, Action<TorchJobExecutorOptions> configure)
    {
        services.AddOptions<TorchJobExecutorOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services.AddJobExecutorFactory<TorchJobExecutorFactory>();
    }
}
