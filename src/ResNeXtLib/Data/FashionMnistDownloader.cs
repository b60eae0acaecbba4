using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace ResNeXtLib.Data;

/// <summary>
/// Downloads the Fashion-MNIST files and checks each against its published MD5 checksum.
/// </summary>
/// <remarks>
/// Each file is written to a temporary file in the target folder (<c>NAME.RANDOM.part</c>) and renamed
/// to its final name only after the checksum matches, so the final name never contains a partial or
/// damaged file. The temporary file is deleted on every failure, and a later call starts afresh.
/// </remarks>
public sealed class FashionMnistDownloader
{
    private const int BufferSize = 1 << 16;

    private readonly FashionMnistDownloaderOptions _options;

    /// <summary>Official download location of the data set, as given in its README.</summary>
    public static Uri OfficialBaseUri { get; } = new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /// <summary>Creates a downloader with the given settings, or the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time-out is not positive, or fewer than one try is allowed.</exception>
    public FashionMnistDownloader(FashionMnistDownloaderOptions? options = null)
    {
        _options = options ?? new FashionMnistDownloaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.Timeout, TimeSpan.Zero, "options.Timeout");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxAttempts, 1, "options.MaxAttempts");
    }

    /// <summary>
    /// Downloads each of the four files that <paramref name="folder"/> does not already have, creating the folder if needed.
    /// </summary>
    /// <remarks>
    /// Files already there are kept unchecked: a copy from Debian's package is valid but has a different
    /// MD5 (see <see cref="FashionMnistFile.All"/>), and the reader checks the content when it loads.
    /// </remarks>
    /// <exception cref="FashionMnistDownloadException">A file could not be downloaded or failed its checksum.</exception>
    public async Task DownloadMissingAsync(string folder, CancellationToken cancellationToken = default)
    {
        using var client = CreateClient();
        foreach (FashionMnistFile file in FashionMnistFile.All)
        {
            bool present = File.Exists(Path.Combine(folder, file.Name)) || File.Exists(Path.Combine(folder, file.UncompressedName));
            if (!present)
            {
                await DownloadAsync(client, file, folder, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Downloads one file into <paramref name="folder"/>, replacing any file of that name, and returns its path.
    /// </summary>
    /// <exception cref="FashionMnistDownloadException">The download failed on every try, or the checksum did not match.</exception>
    public async Task<string> DownloadFileAsync(FashionMnistFile file, string folder, CancellationToken cancellationToken = default)
    {
        using var client = CreateClient();
        return await DownloadAsync(client, file, folder, cancellationToken).ConfigureAwait(false);
    }

    private static HttpClient CreateClient() =>
        // Time-outs are enforced per read in DownloadOnceAsync, so that a long but steady download is not cut off.
        new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private async Task<string> DownloadAsync(HttpClient client, FashionMnistFile file, string folder, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await DownloadOnceAsync(client, file, folder, cancellationToken).ConfigureAwait(false);
            }
            catch (FashionMnistDownloadException e) when (attempt < _options.MaxAttempts)
            {
                _options.Log?.WriteLine(
                    $"Fashion-MNIST: try {attempt} of {_options.MaxAttempts} failed: {e.Message} " +
                    $"Retrying in {_options.RetryDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
                await Task.Delay(_options.RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> DownloadOnceAsync(HttpClient client, FashionMnistFile file, string folder, CancellationToken cancellationToken)
    {
        var url = new Uri(_options.BaseUri, file.Name);
        string fullFolder = Path.GetFullPath(folder);
        string finalPath = Path.Combine(fullFolder, file.Name);
        string tempPath = Path.Combine(fullFolder, $"{file.Name}.{Path.GetRandomFileName()}.part");
        string expectedMd5 = ExpectedMd5(file);

        _options.Log?.WriteLine($"Fashion-MNIST: downloading {url} to {finalPath}");

        // The time-out restarts before each wait, so it limits the time without data, not the whole download.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            Directory.CreateDirectory(fullFolder);
            timeout.CancelAfter(_options.Timeout);
            using HttpResponseMessage response = await client
                .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(url, finalPath,
                    $"the server responded with {(int)response.StatusCode} ({response.ReasonPhrase}). Check the base URL {_options.BaseUri}.");
            }

            long? totalBytes = response.Content.Headers.ContentLength;
            string actualMd5;
            long received = 0;

            await using (Stream body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false))
            await using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                var buffer = new byte[BufferSize];
                IProgress<DownloadProgress> progress = _options.Progress ?? new ConsoleDownloadProgress(_options.Log ?? TextWriter.Null);
                progress.Report(new DownloadProgress(file.Name, 0, totalBytes));

                while (true)
                {
                    timeout.CancelAfter(_options.Timeout);
                    int read = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    md5.AppendData(buffer, 0, read);
                    received += read;
                    progress.Report(new DownloadProgress(file.Name, received, totalBytes));
                }

                actualMd5 = Convert.ToHexStringLower(md5.GetHashAndReset());
            }

            if (totalBytes is long total && received != total)
            {
                throw Failure(url, finalPath,
                    $"the connection ended after {received.ToString("N0", CultureInfo.InvariantCulture)} of {total.ToString("N0", CultureInfo.InvariantCulture)} bytes. The partial file was deleted, so try again.");
            }

            if (!string.Equals(actualMd5, expectedMd5, StringComparison.OrdinalIgnoreCase))
            {
                throw Failure(url, finalPath,
                    $"the MD5 checksum of the {received.ToString("N0", CultureInfo.InvariantCulture)} bytes received is {actualMd5}, expected {expectedMd5}. " +
                    "The file was deleted, so try again. If it fails again, the server or a proxy serves a damaged file.");
            }

            File.Move(tempPath, finalPath, overwrite: true);
            _options.Log?.WriteLine($"Fashion-MNIST: downloaded {file.Name} ({received.ToString("N0", CultureInfo.InvariantCulture)} bytes, MD5 checked)");
            return finalPath;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(url, finalPath,
                $"timed out: the server sent no data for {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. " +
                "Check the network connection and try again.", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException && e is not FashionMnistDownloadException)
        {
            throw Failure(url, finalPath, $"{e.Message.TrimEnd('.')}. Any partial file was deleted, so try again.", e);
        }
        finally
        {
            DeleteIfPresent(tempPath);
        }
    }

    private string ExpectedMd5(FashionMnistFile file) =>
        _options.ExpectedMd5 is not null && _options.ExpectedMd5.TryGetValue(file.Name, out string? md5) ? md5 : file.Md5;

    private static FashionMnistDownloadException Failure(Uri url, string finalPath, string reason, Exception? innerException = null)
    {
        string folder = Path.GetDirectoryName(finalPath) ?? finalPath;
        return new FashionMnistDownloadException(
            $"Download of {url} to {finalPath} failed: {reason} " +
            $"Other ways to get the data: sudo apt-get install dataset-fashion-mnist (Debian or Ubuntu), " +
            $"or copy the four files into {folder}.",
            url, finalPath, innerException);
    }

    private void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            _options.Log?.WriteLine($"Fashion-MNIST: could not delete the partial file {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            _options.Log?.WriteLine($"Fashion-MNIST: could not delete the partial file {path}: {e.Message}");
        }
    }
}
