using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Contracts.Execution;

/// <summary>
/// Executor registration, next to <see cref="IJobExecutorFactory"/> so an executor project (the torch one) registers
/// itself without referencing the grains that run it.
/// </summary>
public static class JobExecutorServiceCollectionExtensions
{
    /// <summary>Registers an executor factory (the CLI and the silo host register the torch one); each executor kind may have only one.</summary>
    public static IServiceCollection AddJobExecutorFactory<TFactory>(this IServiceCollection services)
        where TFactory : class, IJobExecutorFactory
    {
        services.AddSingleton<IJobExecutorFactory, TFactory>();
        return services;
    }
}
