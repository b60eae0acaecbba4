namespace ResNeXtLib.Setup;

/// <summary>Folders the workbook writes to outside the repository.</summary>
public static class WorkbookPaths
{
    /// <summary>
    /// The per-user cache folder: <c>$XDG_CACHE_HOME/resnext-workbook</c> on Linux and macOS, or
    /// <c>~/.cache/resnext-workbook</c> when XDG_CACHE_HOME is unset or not an absolute path;
    /// <c>%LOCALAPPDATA%\resnext-workbook</c> on Windows.
    /// </summary>
    public static string CacheRoot
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "resnext-workbook");
            }

            // The XDG Base Directory specification says a relative XDG_CACHE_HOME is invalid and must be ignored.
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "resnext-workbook");
        }
    }
}
