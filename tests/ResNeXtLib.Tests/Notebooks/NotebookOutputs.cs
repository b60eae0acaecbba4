using ResNeXtWorkbook.NotebookRunner;

namespace ResNeXtLib.Tests.Notebooks;

/// <summary>Outputs of an executed notebook, per cell and combined, for assertions in tests.</summary>
public sealed class NotebookOutputs
{
    /// <summary>Marker that Plotly.NET 6.0.0 writes into the HTML of every chart it renders.</summary>
    public const string PlotlyChartMarker = "Plotly.newPlot";

    public NotebookOutputs(NotebookRunResult run)
    {
        Run = run;
        Notebook = run.Executed
            ?? throw new InvalidOperationException($"dotnet-repl wrote no executed copy of {run.Name} (exit code {run.ExitCode}).");
    }

    public NotebookRunResult Run { get; }

    public ExecutedNotebook Notebook { get; }

    public IReadOnlyList<NotebookCell> Cells => Notebook.Cells;

    /// <summary>Standard output, standard error and text/plain displays of every cell, in order, one block per output.</summary>
    public string Text => string.Join("\n", Cells.Select(TextOf).Where(text => text.Length > 0));

    /// <summary>Every text/html output of every cell, in order; a display updated in place contributes one entry per update.</summary>
    public IReadOnlyList<string> Html => Cells.SelectMany(HtmlOf).ToList();

    /// <summary>Error messages (with .NET stack traces) of every failed cell, prefixed with the cell number.</summary>
    public IReadOnlyList<string> Errors => Cells
        .SelectMany(cell => cell.Outputs
            .Where(output => output.Kind == NotebookOutputKind.Error)
            .Select(output => $"cell {cell.Number}: {output.ErrorValue}"))
        .ToList();

    public int PlotlyChartCount => Html.Count(html => html.Contains(PlotlyChartMarker, StringComparison.Ordinal));

    /// <summary>Returns the cell with this 1-based number, counting markdown cells as the editor does.</summary>
    public NotebookCell Cell(int number) => Cells[number - 1];

    /// <summary>Returns the first code cell whose source contains <paramref name="sourceFragment"/>.</summary>
    public NotebookCell CellContaining(string sourceFragment) =>
        Notebook.CodeCells.FirstOrDefault(cell => cell.Source.Contains(sourceFragment, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No code cell of {Run.Name} contains '{sourceFragment}'.");

    public static string TextOf(NotebookCell cell) => string.Join("\n", cell.Outputs
        .Select(output => output.Kind == NotebookOutputKind.Stream ? output.StreamText : output.PlainText)
        .Where(text => !string.IsNullOrEmpty(text)));

    public static IEnumerable<string> HtmlOf(NotebookCell cell) => cell.Outputs
        .Select(output => output.Html)
        .OfType<string>();
}
