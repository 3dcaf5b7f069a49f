using System.ComponentModel.DataAnnotations;

namespace LoRASculpt.Hosting.Http;

/// <summary>The silo host's read-only HTTP JSON endpoint (section <c>Http</c>). Off unless <see cref="Url"/> is set.</summary>
public sealed class LeaderboardHttpOptions : IValidatableObject
{
    public const string Section = "Http";

    /// <summary>Where to listen, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// When set, every request except <c>/health</c> needs header <c>X-Api-Key</c> with this value (or HTTP Basic
    /// authentication with it as the password, which is what a browser sends to the dashboard).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Serve the Orleans Dashboard under <see cref="DashboardPath"/> on the same listener. Needs <see cref="Url"/> and
    /// <see cref="ApiKey"/>: the dashboard shows grain state and live logs, so it is never served without a key.
    /// </summary>
    public bool DashboardEnabled { get; set; }

    /// <summary>Where the dashboard is served, e.g. <c>/dashboard</c> (open <c>/dashboard/</c> in a browser).</summary>
    public string DashboardPath { get; set; } = "/dashboard";

    /// <summary>Whether <paramref name="path"/> is the dashboard or below it.</summary>
    public bool IsDashboardPath(string? path) =>
        DashboardEnabled && path is not null && path.StartsWith(DashboardPath, StringComparison.OrdinalIgnoreCase) &&
        (path.Length == DashboardPath.Length || path[DashboardPath.Length] == '/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            yield return new ValidationResult($"Http:Url '{Url}' is not an absolute http(s) URL.", [nameof(Url)]);
        if (ApiKey is not null && ApiKey.Length < 16)
            yield return new ValidationResult("Http:ApiKey must be at least 16 characters.", [nameof(ApiKey)]);
        if (!DashboardEnabled)
            yield break;
        if (Url is null)
            yield return new ValidationResult("Http:DashboardEnabled needs Http:Url (the dashboard is served by the HTTP endpoint).", [nameof(DashboardEnabled)]);
        if (ApiKey is null)
            yield return new ValidationResult("Http:DashboardEnabled needs Http:ApiKey (the dashboard shows grain state and logs).", [nameof(DashboardEnabled)]);
        if (!DashboardPath.StartsWith('/') || DashboardPath.Length < 2 || DashboardPath.EndsWith('/') ||
            DashboardPath.Equals("/health", StringComparison.OrdinalIgnoreCase) || DashboardPath.Equals("/api", StringComparison.OrdinalIgnoreCase) || DashboardPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult($"Http:DashboardPath '{DashboardPath}' must start with '/', not end with '/', and not be /health or under /api.", [nameof(DashboardPath)]);
    }
}
