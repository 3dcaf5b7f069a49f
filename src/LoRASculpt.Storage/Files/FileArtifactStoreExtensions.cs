using LoRASculpt.Contracts.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Storage.Files;

public static class FileArtifactStoreExtensions
{
    /// <summary>Registers a <see cref="FileArtifactStore"/> rooted at <paramref name="rootDirectory"/> as the <see cref="IArtifactStore"/>.</summary>
    public static IServiceCollection AddFileArtifactStore(this IServiceCollection services, string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        services.AddSingleton<IArtifactStore>(_ => new FileArtifactStore(rootDirectory));
        return services;
    }
}
