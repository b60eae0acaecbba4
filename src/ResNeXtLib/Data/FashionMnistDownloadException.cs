namespace ResNeXtLib.Data;

/// <summary>
/// Error raised when downloading a Fashion-MNIST file fails: an HTTP error, a time-out, a connection
/// closed early or a checksum mismatch. No partial file is left behind.
/// </summary>
public sealed class FashionMnistDownloadException : IOException
{
    /// <summary>Creates the exception.</summary>
    public FashionMnistDownloadException(string message, Uri url, string filePath, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
        FilePath = filePath;
    }

    /// <summary>URL that was being downloaded.</summary>
    public Uri Url { get; }

    /// <summary>Final path the file would have had.</summary>
    public string FilePath { get; }
}
