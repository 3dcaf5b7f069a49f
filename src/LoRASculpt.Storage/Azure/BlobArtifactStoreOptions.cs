using System.ComponentModel.DataAnnotations;

namespace LoRASculpt.Storage.Azure;

/// <summary>Where cluster artifacts live. Bound from configuration section "Artifacts".</summary>
public sealed class BlobArtifactStoreOptions
{
    public const string SectionName = "Artifacts";

    /// <summary>Azure Storage connection string (Azurite's full string in local runs). A secret: never logged.</summary>
    [Required(ErrorMessage = "Artifacts:ConnectionString is required (an Azure Storage connection string).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Blob container name: 3-63 lowercase letters, digits and single hyphens.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$",
        ErrorMessage = "Artifacts:ContainerName must be 3-63 lowercase letters, digits or single hyphens, starting and ending with a letter or digit.")]
    public string ContainerName { get; set; } = "lorasculpt-artifacts";
}
