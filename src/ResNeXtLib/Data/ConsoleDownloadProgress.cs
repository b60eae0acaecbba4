using System.Globalization;

namespace ResNeXtLib.Data;

/// <summary>
/// Download progress written as plain lines: one each time a file passes another 10% of its size,
/// or another 10 MB when the server sends no size.
/// </summary>
/// <remarks>
/// Lines rather than a redrawn progress bar, so the output reads the same in a terminal, a notebook
/// cell and a CI log. One instance can follow several files, one after another.
/// </remarks>
public sealed class ConsoleDownloadProgress : IProgress<DownloadProgress>
{
    private const long StepWithoutTotal = 10_000_000;

    private readonly TextWriter _writer;
    private string? _currentFile;
    private long _lastStep = -1;

    /// <summary>Creates a progress reporter that writes to <paramref name="writer"/>, or the console.</summary>
    public ConsoleDownloadProgress(TextWriter? writer = null)
    {
        _writer = writer ?? Console.Out;
    }

    /// <summary>Writes a line when the download passed a new 10% step (or 10 MB step without a known size).</summary>
    public void Report(DownloadProgress value)
    {
        if (value.FileName != _currentFile)
        {
            _currentFile = value.FileName;
            _lastStep = -1;
        }

        long step = value.TotalBytes is > 0 and long total
            ? value.BytesReceived * 10 / total
            : value.BytesReceived / StepWithoutTotal;
        if (step <= _lastStep)
        {
            return;
        }

        _lastStep = step;
        string received = FormatMegabytes(value.BytesReceived);
        string line = value.TotalBytes is > 0 and long size
            ? $"Downloading {value.FileName}: {step * 10}% ({received} of {FormatMegabytes(size)})"
            : $"Downloading {value.FileName}: {received}";
        _writer.WriteLine(line);
    }

    private static string FormatMegabytes(long bytes) =>
        (bytes / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
