using ResNeXtWorkbook.NotebookRunner;
using Xunit.Abstractions;

namespace ResNeXtLib.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class SetupCheckNotebookTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SetupCheck_RunsWithoutErrors()
    {
        var outputs = await NotebookHarness.ExecuteAsync("00-setup-check", output);

        Assert.Empty(outputs.Errors);
        Assert.Null(outputs.Run.FailedCell);
        Assert.Equal(0, outputs.Run.ExitCode);
        Assert.True(outputs.Run.Succeeded, outputs.Run.Describe());
    }

    [Fact]
    public async Task SetupCheck_PrintsTensorAndDrawsCharts()
    {
        var outputs = await NotebookHarness.ExecuteAsync("00-setup-check", output);

        var tensorCell = outputs.CellContaining("matmul");
        Assert.Contains("Tensor check:", NotebookOutputs.TextOf(tensorCell));
        Assert.Contains("[[5, 14]", NotebookOutputs.TextOf(tensorCell));
        Assert.Contains("[14, 50]]", NotebookOutputs.TextOf(tensorCell));

        var chartCell = outputs.CellContaining("Chart.Line<double, double, string>");
        Assert.Contains(NotebookOutputs.HtmlOf(chartCell), html => html.Contains(NotebookOutputs.PlotlyChartMarker));

        // dotnet-repl saves the first display and each Update as separate display_data outputs.
        var updatedCell = outputs.CellContaining("view.Update");
        var updatedCharts = NotebookOutputs.HtmlOf(updatedCell).Count(html => html.Contains(NotebookOutputs.PlotlyChartMarker));
        Assert.Equal(1 + 5, updatedCharts);
        Assert.Contains("Updated the chart 5 times.", NotebookOutputs.TextOf(updatedCell));

        var fallbackCell = outputs.CellContaining("XPlot.Plotly.Chart.Plot");
        Assert.Contains(NotebookOutputs.HtmlOf(fallbackCell), html => html.Contains(NotebookOutputs.PlotlyChartMarker) && html.Contains("x²"));
    }

    [Fact]
    public async Task SetupCheck_ExecutedCopyKeepsCellLayout()
    {
        var source = ExecutedNotebook.Load(Path.Combine(
            NotebookExecutor.FindRepositoryRoot(AppContext.BaseDirectory), "notebooks", "00-setup-check.ipynb"));

        var outputs = await NotebookHarness.ExecuteAsync("00-setup-check", output);

        Assert.Equal(source.Cells.Count, outputs.Cells.Count);
        Assert.Equal(source.Cells.Select(cell => cell.Source), outputs.Cells.Select(cell => cell.Source));
        Assert.All(source.Cells, cell => Assert.Empty(cell.Outputs));
    }
}
