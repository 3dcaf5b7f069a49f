using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Hosting;

/// <summary>Start-time checks with messages naming the configuration key; the connection string's value never appears.</summary>
public sealed class ClusterSiloOptionsValidator : IValidateOptions<ClusterSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterSiloOptions options)
    {
        var failures = new List<string>();
        ClusterValidation.Identifier(failures, nameof(ClusterSiloOptions.ServiceId), options.ServiceId);
        ClusterValidation.Identifier(failures, nameof(ClusterSiloOptions.ClusterId), options.ClusterId);
        ClusterValidation.ConnectionString(failures, nameof(ClusterSiloOptions.StorageConnectionString), options.StorageConnectionString);
        ClusterValidation.Container(failures, nameof(ClusterSiloOptions.ArtifactContainer), options.ArtifactContainer);
        Port(failures, nameof(ClusterSiloOptions.SiloPort), options.SiloPort);
        Port(failures, nameof(ClusterSiloOptions.GatewayPort), options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
            failures.Add($"{Key(nameof(ClusterSiloOptions.SiloPort))} and {Key(nameof(ClusterSiloOptions.GatewayPort))} must differ (both are {options.SiloPort}).");
        if (options.AdvertisedIP is { Length: > 0 } ip && !IPAddress.TryParse(ip, out _))
            failures.Add($"{Key(nameof(ClusterSiloOptions.AdvertisedIP))} '{ip}' is not an IP address.");
        if (options.CpuSlots is < 0 or > 256)
            failures.Add($"{Key(nameof(ClusterSiloOptions.CpuSlots))} must be 0-256, got {options.CpuSlots}.");
        if (options.GpuSlots is < 0 or > 64)
            failures.Add($"{Key(nameof(ClusterSiloOptions.GpuSlots))} must be 0-64, got {options.GpuSlots}.");
        if (options.ProbeTimeout <= TimeSpan.Zero)
            failures.Add($"{Key(nameof(ClusterSiloOptions.ProbeTimeout))} must be positive.");
        if (options.MissedProbesLimit < 1)
            failures.Add($"{Key(nameof(ClusterSiloOptions.MissedProbesLimit))} must be at least 1.");
        if (options.ShutdownTimeout <= TimeSpan.Zero || options.ShutdownTimeout > TimeSpan.FromMinutes(30))
            failures.Add($"{Key(nameof(ClusterSiloOptions.ShutdownTimeout))} must be positive and at most 30 minutes, got {options.ShutdownTimeout}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Port(List<string> failures, string property, int port)
    {
        if (port is < 1 or > 65535)
            failures.Add($"{Key(property)} must be a TCP port (1-65535), got {port}.");
    }

    private static string Key(string property) => $"{ClusterSiloOptions.SectionName}:{property}";
}

/// <summary>Checks shared by silo and client options.</summary>
internal static class ClusterValidation
{
    public static void Identifier(List<string> failures, string property, string? value)
    {
        // Both ids end up in Azure Table partition keys, which forbid '/', '\', '#', '?' and control characters.
        if (string.IsNullOrWhiteSpace(value))
            failures.Add($"{Key(property)} is required.");
        else if (value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            failures.Add($"{Key(property)} '{value}' must be 1-64 letters, digits, '-', '_' or '.'.");
    }

    public static void ConnectionString(List<string> failures, string property, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Key(property)} is required (an Azure Storage connection string; for Azurite the one infra/azurite.sh prints).");
            return;
        }
        try
        {
            _ = new TableServiceClient(value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            failures.Add($"{Key(property)} is not a valid Azure Storage connection string.");
        }
    }

    public static void Container(List<string> failures, string property, string? value)
    {
        if (value is null || value.Length is < 3 or > 63 || value.Contains("--", StringComparison.Ordinal)
            || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || value[0] == '-' || value[^1] == '-')
            failures.Add($"{Key(property)} '{value}' must be 3-63 lowercase letters, digits or single hyphens, starting and ending with a letter or digit.");
    }

    private static string Key(string property) => $"{ClusterSiloOptions.SectionName}:{property}";
}
