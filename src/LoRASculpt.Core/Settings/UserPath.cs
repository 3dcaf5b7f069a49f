namespace LoRASculpt.Core.Settings;

/// <summary>
/// Resolves a path as a user typed it in a sweep file or on the command line: '~' is the home directory,
/// relative paths are relative to a given base directory (the sweep file's folder, or the working directory).
/// </summary>
public static class UserPath
{
    /// <summary>
    /// The absolute, normalised form of <paramref name="path"/> without a trailing separator.
    /// <paramref name="homeDirectory"/> replaces the user's home for '~' (tests pass a temp folder).
    /// </summary>
    public static string Resolve(string path, string baseDirectory, string? homeDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var text = path.Trim();
        if (text == "~" || text.StartsWith("~/", StringComparison.Ordinal) || text.StartsWith("~\\", StringComparison.Ordinal))
        {
            var home = homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            text = text.Length == 1 ? home : Path.Combine(home, text[2..]);
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, text));
        // GetFullPath keeps a trailing separator; "/models/x/" and "/models/x" must be the same base model.
        var root = Path.GetPathRoot(full) ?? "";
        return full.Length > root.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }
}
