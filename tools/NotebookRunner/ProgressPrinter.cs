using System.Globalization;

namespace ResNeXtWorkbook.NotebookRunner;

/// <summary>
/// Turns the lines that the progress cell writes to dotnet-repl's standard output into log lines: a
/// header when a code cell starts, then that cell's output indented under it.
/// </summary>
internal sealed class ProgressPrinter
{
    private readonly IReadOnlyList<NotebookCell> cells;
    private readonly Action<string> log;
    private readonly object gate = new();
    private bool inMarkdownCell;

    public ProgressPrinter(ExecutedNotebook sourceNotebook, Action<string> log)
    {
        cells = sourceNotebook.Cells;
        this.log = log;
    }

    public void HandleLine(string line)
    {
        lock (gate)
        {
            if (!line.StartsWith(NotebookInstrumentation.CellMarker, StringComparison.Ordinal))
            {
                if (!inMarkdownCell)
                {
                    log("    " + line);
                }

                return;
            }

            // dotnet-repl 0.3.259 submits every cell, markdown included, in order: submission 0 is the
            // progress cell and submission n is cell n of the source notebook.
            var submission = int.Parse(line[NotebookInstrumentation.CellMarker.Length..], CultureInfo.InvariantCulture);
            if (submission < 1 || submission > cells.Count)
            {
                inMarkdownCell = false;
                return;
            }

            var cell = cells[submission - 1];
            inMarkdownCell = !cell.IsCode;
            if (cell.IsCode)
            {
                log($"  cell {cell.Number}/{cells.Count}: {cell.Summary}");
            }
        }
    }
}
