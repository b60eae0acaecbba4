namespace ResNeXtLib.Setup;

/// <summary>Folders the workbook writes to outside the repository.</summary>
public static class WorkbookPaths
{
    /// <summary>
    /// The per-user cache folder: <c>$XDG_CACHE_HOME/resnext-workbook</c> or <c>~/.cache/resnext-workbook</c>
    /// on Linux and macOS, <c>%LOCALAPPDATA%\resnext-workbook</c> on Windows.
    /// </summary>
    public static string CacheRoot
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "resnext-workbook");
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(root, "resnext-workbook");
        }
    }
}
