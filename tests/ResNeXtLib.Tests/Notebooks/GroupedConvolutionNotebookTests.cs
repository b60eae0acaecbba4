using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ResNeXtLib.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed partial class GroupedConvolutionNotebookTests(ITestOutputHelper output)
{
    private const string Notebook = "01-grouped-convolution";

    [GeneratedRegex(@"^(.+) vs native \(groups\): max \|difference\| = (\S+) over outputs", RegexOptions.Multiline)]
    private static partial Regex DifferenceLine();

    [Fact]
    public async Task GroupedConvolution_RunsWithoutErrors()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Empty(outputs.Errors);
        Assert.True(outputs.Run.Succeeded, outputs.Run.Describe());
    }

    [Fact]
    public async Task GroupedConvolution_TableMatchesConv2d()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string table = NotebookOutputs.TextOf(outputs.CellContaining("GroupCountTable.Build"));
        Assert.Contains("Every formula matches the real nn.Conv2d.", table);
        Assert.Contains("[128, 4, 3, 3]", table);
        Assert.Contains("128 (depthwise)", table);
        Assert.Contains("147,456", table);
        Assert.Contains("4,608", table);
        Assert.Equal(6, Regex.Matches(table, @"\byes$", RegexOptions.Multiline).Count);
        Assert.DoesNotContain(" NO", table);
    }

    [Fact]
    public async Task GroupedConvolution_ImplementationsAgreeBelow1e5()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("OutputAgreement.Compare"));
        var matches = DifferenceLine().Matches(text);
        Assert.Equal(["split-convolve-concatenate", "masked dense"], matches.Select(match => match.Groups[1].Value));
        foreach (Match match in matches)
        {
            double difference = double.Parse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.InRange(difference, 0.0, 1e-5);
        }

        Assert.Contains("All outputs agree within 1e-5.", text);
    }

    [Fact]
    public async Task GroupedConvolution_DrawsConnectivityHeatmaps()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        var html = NotebookOutputs.HtmlOf(outputs.CellContaining("ConnectivityChart.Create")).ToList();
        Assert.Contains(html, chart => chart.Contains(NotebookOutputs.PlotlyChartMarker) && chart.Contains("heatmap"));
        Assert.Contains(html, chart => chart.Contains("depthwise: 64 blocks of 1x1") && chart.Contains("groups = 4: 4 blocks of 16x16"));
    }

    [Fact]
    public async Task GroupedConvolution_TimesEveryImplementationInFastMode()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string timing = NotebookOutputs.TextOf(outputs.CellContaining("ConvolutionTimer.MeasureAll"));
        Assert.Contains("Workload: batch 2, 128 channels, 28x28, 32 groups", timing);
        foreach (string implementation in new[] { "native (groups)", "split-convolve-concatenate", "masked dense" })
        {
            Assert.Matches(new Regex($@"^{Regex.Escape(implementation)}\s+forward\s+\d", RegexOptions.Multiline), timing);
            Assert.Matches(new Regex($@"^{Regex.Escape(implementation)}\s+forward\+backward\s+\d", RegexOptions.Multiline), timing);
        }

        var chart = NotebookOutputs.HtmlOf(outputs.CellContaining("TimingChart.Create")).ToList();
        Assert.Contains(chart, html => html.Contains(NotebookOutputs.PlotlyChartMarker) && html.Contains("executed GMAC/s"));

        // Timing numbers vary by machine and load, so only the sentences are checked, not the speeds.
        string ratios = NotebookOutputs.TextOf(outputs.CellContaining("ConvolutionTimer.CompareWith"));
        Assert.Equal(4, Regex.Matches(ratios, "does 1/32 of the work of masked dense in ").Count);
    }

    [Fact]
    public async Task GroupedConvolution_ShowsDroppedChannels()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("new TruncatingSplitConv2d"));
        Assert.Contains("output shape: [1, 96, 8, 8] (asked for 100 channels, got 96)", text);
        Assert.Contains("input channels never read: 4", text);
    }

    [Fact]
    public async Task GroupedConvolution_PrintsRejectionMessage()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("catch (ArgumentException error)"));
        Assert.Contains("100 input channels cannot be split into 32 groups", text);
        Assert.Contains("Use 96 or 128 input channels", text);
        Assert.Contains("such as 25 or 50", text);
        Assert.DoesNotContain("Unexpectedly accepted", text);
    }
}
