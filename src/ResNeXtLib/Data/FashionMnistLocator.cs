using System.Text;

namespace ResNeXtLib.Data;

/// <summary>
/// Finds the four Fashion-MNIST files, downloading them into the user cache when no place has them.
/// </summary>
/// <remarks>
/// Look-up order, first complete folder wins:
/// <list type="number">
/// <item>the folder given in <see cref="FashionMnistLocatorOptions.DataFolder"/>;</item>
/// <item>the folder named by the environment variable <c>RESNEXT_DATA_DIR</c>;</item>
/// <item>the user cache folder (see <see cref="DefaultCacheFolder"/>);</item>
/// <item><c>/usr/share/datasets/fashion-mnist</c>, installed by <c>sudo apt-get install dataset-fashion-mnist</c>;</item>
/// <item>a download into the user cache, unless <see cref="FashionMnistLocatorOptions.AllowDownload"/> is false.</item>
/// </list>
/// A folder counts only if it has all four files, each under its <c>.gz</c> name or its name without
/// <c>.gz</c>. The locator checks that the files exist, not what they contain: reading them checks that.
/// </remarks>
public sealed class FashionMnistLocator
{
    /// <summary>Environment variable that names a folder with the four files.</summary>
    public const string DataFolderVariable = "RESNEXT_DATA_DIR";

    /// <summary>Folder where Debian's package dataset-fashion-mnist installs the files.</summary>
    public const string DebianDataFolder = "/usr/share/datasets/fashion-mnist";

    private readonly FashionMnistLocatorOptions _options;

    /// <summary>Creates a locator with the given settings, or the defaults.</summary>
    public FashionMnistLocator(FashionMnistLocatorOptions? options = null)
    {
        _options = options ?? new FashionMnistLocatorOptions();
    }

    /// <summary>
    /// Returns the user cache folder for the data set: <c>%LOCALAPPDATA%\resnext-workbook\fashion-mnist</c>
    /// on Windows, otherwise <c>$XDG_CACHE_HOME/resnext-workbook/fashion-mnist</c>, or
    /// <c>~/.cache/resnext-workbook/fashion-mnist</c> when XDG_CACHE_HOME is unset or not an absolute path.
    /// </summary>
    public static string DefaultCacheFolder() => Path.Combine(Setup.WorkbookPaths.CacheRoot, "fashion-mnist");

    /// <summary>
    /// Finds the four files, downloading them if needed, and writes one line saying where they came from.
    /// </summary>
    /// <exception cref="FashionMnistNotFoundException">No place has the files and the download is off or failed.</exception>
    public FashionMnistFileSet Locate(CancellationToken cancellationToken = default)
    {
        // Task.Run runs the download on the thread pool, outside any synchronization context of the caller
        // (a notebook kernel or a UI), so blocking here does not wait on the caller's own thread.
        return Task.Run(() => LocateAsync(cancellationToken), cancellationToken).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Locate"/>
    public async Task<FashionMnistFileSet> LocateAsync(CancellationToken cancellationToken = default)
    {
        var searched = new List<string>();

        var candidates = new List<(string Description, string? Folder, string? UnsetReason, FashionMnistSource Source)>
        {
            ("folder argument", _options.DataFolder, "not given", FashionMnistSource.ExplicitFolder),
            ($"environment variable {_options.EnvironmentVariable}",
                Environment.GetEnvironmentVariable(_options.EnvironmentVariable), "not set", FashionMnistSource.EnvironmentVariable),
            ("user cache", _options.CacheFolder, null, FashionMnistSource.UserCache),
            ("system folder of Debian package dataset-fashion-mnist", _options.SystemFolder, null, FashionMnistSource.SystemFolder),
        };

        foreach (var candidate in candidates)
        {
            if (string.IsNullOrWhiteSpace(candidate.Folder))
            {
                searched.Add($"{candidate.Description}: {candidate.UnsetReason ?? "not configured"}");
                continue;
            }

            string folder = Path.GetFullPath(candidate.Folder);
            FashionMnistFileSet? found = TryFind(folder, candidate.Source, out string reason);
            if (found is not null)
            {
                LogSource(found, candidate.Description);
                return found;
            }

            searched.Add($"{candidate.Description} {folder}: {reason}");
            if (candidate.Source is FashionMnistSource.ExplicitFolder or FashionMnistSource.EnvironmentVariable)
            {
                // The user chose this folder, so log why it was skipped instead of silently using another one.
                _options.Log?.WriteLine($"Fashion-MNIST: not using {candidate.Description} {folder}: {reason}. Searching on.");
            }
        }

        return await DownloadOrThrowAsync(searched, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FashionMnistFileSet> DownloadOrThrowAsync(List<string> searched, CancellationToken cancellationToken)
    {
        string cacheFolder = Path.GetFullPath(_options.CacheFolder);
        Uri baseUri = _options.Download.BaseUri;
        string downloadPlace = $"download from {baseUri} into {cacheFolder}";

        if (!_options.AllowDownload)
        {
            searched.Add($"{downloadPlace}: turned off (AllowDownload is false)");
            throw NotFound(searched, null);
        }

        try
        {
            var downloader = new FashionMnistDownloader(_options.Download);
            await downloader.DownloadMissingAsync(cacheFolder, cancellationToken).ConfigureAwait(false);
        }
        catch (FashionMnistDownloadException e)
        {
            searched.Add($"{downloadPlace}: failed: {e.Message}");
            throw NotFound(searched, e);
        }

        FashionMnistFileSet? downloaded = TryFind(cacheFolder, FashionMnistSource.Download, out string reason);
        if (downloaded is null)
        {
            searched.Add($"{downloadPlace}: the download finished, but the folder is {reason}");
            throw NotFound(searched, null);
        }

        LogSource(downloaded, $"downloaded from {baseUri} into the user cache");
        return downloaded;
    }

    /// <summary>Returns the file set in <paramref name="folder"/> when all four files are there, else null and the reason.</summary>
    internal static FashionMnistFileSet? TryFind(string folder, FashionMnistSource source, out string reason)
    {
        if (!Directory.Exists(folder))
        {
            reason = "folder does not exist";
            return null;
        }

        var paths = new List<string>();
        var missing = new List<string>();
        foreach (FashionMnistFile file in FashionMnistFile.All)
        {
            string compressed = Path.Combine(folder, file.Name);
            string uncompressed = Path.Combine(folder, file.UncompressedName);
            if (File.Exists(compressed))
            {
                paths.Add(compressed);
            }
            else if (File.Exists(uncompressed))
            {
                paths.Add(uncompressed);
            }
            else
            {
                missing.Add(file.Name);
            }
        }

        if (missing.Count > 0)
        {
            reason = $"missing {string.Join(", ", missing)}";
            return null;
        }

        reason = "";
        return new FashionMnistFileSet(folder, source, paths[0], paths[1], paths[2], paths[3]);
    }

    private void LogSource(FashionMnistFileSet files, string description) =>
        _options.Log?.WriteLine($"Fashion-MNIST: using {files.Folder} ({description}).");

    private FashionMnistNotFoundException NotFound(List<string> searched, Exception? innerException)
    {
        string cacheFolder = Path.GetFullPath(_options.CacheFolder);
        var message = new StringBuilder();
        message.AppendLine("Fashion-MNIST was not found. Searched, in order:");
        for (int i = 0; i < searched.Count; i++)
        {
            message.AppendLine($"  {i + 1}. {searched[i]}");
        }

        message.AppendLine("To get the data, do one of these:");
        message.AppendLine("  - On Debian or Ubuntu: sudo apt-get install dataset-fashion-mnist");
        message.AppendLine("  - Allow the automatic download (FashionMnistLocatorOptions.AllowDownload = true) on a machine with internet access,");
        message.Append($"    or copy the four files ({string.Join(", ", FashionMnistFile.All.Select(f => f.Name))}) into {cacheFolder}");
        message.Append($" or into a folder named by the environment variable {_options.EnvironmentVariable}.");
        return new FashionMnistNotFoundException(message.ToString(), searched.ToArray(), innerException);
    }
}
