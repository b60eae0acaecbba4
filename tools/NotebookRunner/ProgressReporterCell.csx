// Injected by NotebookRunner as the first cell of the copy it runs, and removed from the executed
// notebook. dotnet-repl prints nothing while it runs a notebook, so this cell subscribes to the
// kernel's events and writes each cell's progress to the process's standard output, which the
// runner reads. Console.Out is redirected into the notebook by the kernel, hence the raw stream.
sealed class NotebookRunnerProgressReporter : IObserver<Microsoft.DotNet.Interactive.Events.KernelEvent>
{
    private const string CellMarker = "##notebook-runner-cell ";
    private const int MaxDisplayLength = 300;

    private readonly System.IO.StreamWriter writer =
        new(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
    private string? currentToken;
    private int submittedCells = -1;

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void OnNext(Microsoft.DotNet.Interactive.Events.KernelEvent kernelEvent)
    {
        var rootCommand = kernelEvent.Command;
        while (rootCommand?.Parent is not null)
        {
            rootCommand = rootCommand.Parent;
        }

        if (rootCommand is null)
        {
            return;
        }

        lock (writer)
        {
            // Every notebook cell is one top-level command with its own token.
            var token = rootCommand.GetOrCreateToken();
            if (token != currentToken)
            {
                currentToken = token;
                submittedCells++;
                writer.WriteLine(CellMarker + submittedCells);
            }

            Write(kernelEvent);
        }
    }

    private void Write(Microsoft.DotNet.Interactive.Events.KernelEvent kernelEvent)
    {
        switch (kernelEvent)
        {
            case Microsoft.DotNet.Interactive.Events.StandardOutputValueProduced output:
                writer.Write(PlainText(output.FormattedValues));
                break;
            case Microsoft.DotNet.Interactive.Events.StandardErrorValueProduced error:
                writer.Write(PlainText(error.FormattedValues));
                break;
            case Microsoft.DotNet.Interactive.Events.DisplayEvent display:
                var description = DescribeDisplay(display);
                if (description is not null)
                {
                    writer.WriteLine(description);
                }

                break;
            case Microsoft.DotNet.Interactive.Events.CommandFailed failed:
                writer.WriteLine("[error] " + failed.Message);
                break;
        }
    }

    private static string PlainText(IEnumerable<Microsoft.DotNet.Interactive.Formatting.FormattedValue> values) =>
        values.FirstOrDefault(value => value.MimeType == "text/plain")?.Value ?? "";

    // Returns null for updates of HTML-only displays, such as the kernel's package installation
    // progress, which would otherwise print a line per animation step.
    private static string? DescribeDisplay(Microsoft.DotNet.Interactive.Events.DisplayEvent display)
    {
        var kind = display is Microsoft.DotNet.Interactive.Events.DisplayedValueUpdated ? "[display update] " : "[display] ";
        var html = display.FormattedValues.FirstOrDefault(value => value.MimeType == "text/html")?.Value;
        if (html is not null && html.Contains("Plotly.newPlot", StringComparison.Ordinal))
        {
            return kind + $"Plotly chart ({html.Length} characters of HTML)";
        }

        var text = display.FormattedValues.FirstOrDefault(value => value.MimeType == "text/plain")?.Value;
        if (text is not null)
        {
            return kind + (text.Length <= MaxDisplayLength ? text : text[..MaxDisplayLength] + " ...");
        }

        if (display is Microsoft.DotNet.Interactive.Events.DisplayedValueUpdated)
        {
            return null;
        }

        return kind + (html is null ? "(no text or HTML)" : $"HTML ({html.Length} characters)");
    }
}

Microsoft.DotNet.Interactive.Kernel.Root.KernelEvents.Subscribe(new NotebookRunnerProgressReporter());
