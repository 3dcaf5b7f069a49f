using System.ComponentModel.DataAnnotations;

namespace LoRASculpt.Hosting.Http;

/// <summary>The silo host's read-only HTTP JSON endpoint (section <c>Http</c>). Off unless <see cref="Url"/> is set.</summary>
public sealed class LeaderboardHttpOptions : IValidatableObject
{
    public const string Section = "Http";

    /// <summary>Where to listen, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string? Url { get; set; }

    /// <summary>When set, every request except <c>/health</c> needs header <c>X-Api-Key</c> with this value.</summary>
    public string? ApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            yield return new ValidationResult($"Http:Url '{Url}' is not an absolute http(s) URL.", [nameof(Url)]);
        if (ApiKey is not null && ApiKey.Length < 16)
            yield return new ValidationResult("Http:ApiKey must be at least 16 characters.", [nameof(ApiKey)]);
    }
}
