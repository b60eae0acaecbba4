using System.Diagnostics;

namespace ResNeXtWorkbook.NotebookRunner;

/// <summary>Exit code of a child process, or the fact that it was killed after its timeout.</summary>
public readonly record struct ChildProcessResult(int ExitCode, bool TimedOut);

/// <summary>Runs a child process and passes each line of its standard output and error to a callback as it arrives.</summary>
public static class ChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        Action<string> onLine,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => ForwardLine(line.Data, onLine);
        process.ErrorDataReceived += (_, line) => ForwardLine(line.Data, onLine);

        if (!process.Start())
        {
            throw new InvalidOperationException($"Failed to start '{fileName}' in '{workingDirectory}'.");
        }

        // The tools run here never read input; closing it keeps them from waiting on the terminal.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            timeoutSource.CancelAfter(limit);
        }

        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ChildProcessResult(process.ExitCode, TimedOut: true);
        }

        // WaitForExitAsync returns after the redirected streams reach end of file, so every line has been forwarded.
        return new ChildProcessResult(process.ExitCode, TimedOut: false);
    }

    private static void ForwardLine(string? line, Action<string> onLine)
    {
        if (line is not null)
        {
            onLine(line);
        }
    }
}
