namespace ResNeXtLib.Data;

/// <summary>Settings of <see cref="FashionMnistLocator"/>. The defaults suit a learner's machine.</summary>
public sealed class FashionMnistLocatorOptions
{
    /// <summary>Folder to look in first, or null to skip this step.</summary>
    public string? DataFolder { get; init; }

    /// <summary>
    /// Name of the environment variable that names a data folder, searched second.
    /// Defaults to <see cref="FashionMnistLocator.DataFolderVariable"/> (<c>RESNEXT_DATA_DIR</c>).
    /// </summary>
    public string EnvironmentVariable { get; init; } = FashionMnistLocator.DataFolderVariable;

    /// <summary>User cache folder, searched third and the target of a download.</summary>
    public string CacheFolder { get; init; } = FashionMnistLocator.DefaultCacheFolder();

    /// <summary>System folder, searched fourth. Defaults to the folder of Debian's dataset-fashion-mnist.</summary>
    public string SystemFolder { get; init; } = FashionMnistLocator.DebianDataFolder;

    /// <summary>Whether to download the missing files into <see cref="CacheFolder"/> when no place has all four.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Downloader settings (server, time-out, progress), used when a download happens.</summary>
    public FashionMnistDownloaderOptions Download { get; init; } = new();

    /// <summary>Where the locator writes its one line about the data's origin. Null writes nothing.</summary>
    public TextWriter? Log { get; init; } = Console.Out;
}
