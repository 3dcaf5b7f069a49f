using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace LoRASculpt.Hosting.Http;

/// <summary>
/// The Orleans Dashboard's services, registered in the silo's container by <c>AddDashboard</c>. The HTTP endpoint is
/// a separate slim web app with its own container, so <see cref="ForwardTo"/> makes the dashboard's routes there
/// resolve the silo's instances (the same grain profiler, dashboard client and log buffer the silo feeds).
/// </summary>
public sealed class OrleansDashboardServices(IReadOnlyList<Type> serviceTypes, IServiceProvider silo)
{
    public IReadOnlyList<Type> ServiceTypes { get; } = serviceTypes;

    public void ForwardTo(IServiceCollection web)
    {
        foreach (var type in ServiceTypes)
            web.AddSingleton(type, _ => silo.GetRequiredService(type));
        web.AddSingleton(_ => silo.GetRequiredService<IOptions<DashboardOptions>>());
    }

    /// <summary>
    /// Adds the dashboard to the silo (grain-call profiling, its grains and grain service) and records which services
    /// to forward: every singleton the dashboard's assembly registered (most of its types are internal).
    /// </summary>
    public static void AddToSilo(IHostApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo.AddDashboard());
        var dashboardAssembly = typeof(DashboardOptions).Assembly;
        var types = builder.Services
            .Where(d => d.Lifetime == ServiceLifetime.Singleton && d.ServiceType.Assembly == dashboardAssembly && !d.ServiceType.IsGenericTypeDefinition)
            .Select(d => d.ServiceType)
            .Distinct()
            .ToArray();
        builder.Services.AddSingleton(sp => new OrleansDashboardServices(types, sp));
    }
}
