namespace ResNeXtLib.Data;

/// <summary>Settings of <see cref="FashionMnistDownloader"/>.</summary>
public sealed class FashionMnistDownloaderOptions
{
    /// <summary>
    /// URL of the folder that contains the four files. Defaults to the data set's official location,
    /// <see cref="FashionMnistDownloader.OfficialBaseUri"/>.
    /// </summary>
    public Uri BaseUri { get; init; } = FashionMnistDownloader.OfficialBaseUri;

    /// <summary>
    /// Maximum wait for the server to respond or to send more data, after which the try fails.
    /// A slow but steady download is not cut off. Defaults to 30 seconds.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Number of tries per file before the download fails. Defaults to 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Pause before each retry. Defaults to 2 seconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Expected MD5 (lowercase or uppercase hex) per file name, replacing the published checksum of
    /// <see cref="FashionMnistFile.Md5"/> for the names it contains. Meant for tests and mirrors.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExpectedMd5 { get; init; }

    /// <summary>Receiver of progress reports. Null writes <see cref="ConsoleDownloadProgress"/> lines to <see cref="Log"/>.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; }

    /// <summary>Where downloads, retries and failures are logged. Null writes nothing.</summary>
    public TextWriter? Log { get; init; } = Console.Out;
}
