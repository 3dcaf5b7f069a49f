using Microsoft.Extensions.Options;

namespace LoRASculpt.Hosting.Security;

/// <summary>Checks TLS settings before anything connects; messages name the configuration key, never a password.</summary>
public sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        if (!options.Enabled)
        {
            return options.CaCertificatePath is { Length: > 0 } || options.AllowedThumbprints.Count > 0
                ? ValidateOptionsResult.Fail($"{Key(nameof(ClusterTlsOptions.CertificatePath))} is required when a CA or thumbprints are configured: TLS needs this node's certificate.")
                : ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        RequireFile(failures, nameof(ClusterTlsOptions.CertificatePath), options.CertificatePath);
        if (options.PrivateKeyPath is { Length: > 0 })
            RequireFile(failures, nameof(ClusterTlsOptions.PrivateKeyPath), options.PrivateKeyPath);
        if (options.CaCertificatePath is { Length: > 0 })
            RequireFile(failures, nameof(ClusterTlsOptions.CaCertificatePath), options.CaCertificatePath);
        for (var i = 0; i < options.AllowedThumbprints.Count; i++)
        {
            if (!CertificateValidation.IsThumbprint(options.AllowedThumbprints[i]))
                failures.Add($"{Key(nameof(ClusterTlsOptions.AllowedThumbprints))}:{i} is not a SHA-1 thumbprint (40 hexadecimal digits).");
        }
        if (options.HandshakeTimeout <= TimeSpan.Zero)
            failures.Add($"{Key(nameof(ClusterTlsOptions.HandshakeTimeout))} must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireFile(List<string> failures, string property, string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            failures.Add($"{Key(property)}: file '{path}' does not exist.");
    }

    private static string Key(string property) => $"{ClusterTlsOptions.SectionName}:{property}";
}
