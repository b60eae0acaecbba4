using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ResNeXtLib.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed partial class TrainingCurvesNotebookTests(ITestOutputHelper output)
{
    private const string Notebook = "04-training-curves";

    // The fast run trains 2 epochs on 3,600 images; a model that learned nothing scores about 10%.
    private const double FastRunAccuracyFloor = 50.0;

    [GeneratedRegex(@"^Test accuracy: (\d{1,3}\.\d)%$", RegexOptions.Multiline)]
    private static partial Regex TestAccuracyLine();

    [Fact]
    public async Task TrainingCurves_RunsWithoutErrors()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Empty(outputs.Errors);
        Assert.True(outputs.Run.Succeeded, outputs.Run.Describe());
    }

    [Fact]
    public async Task TrainingCurves_PrintsTestAccuracyAboveFloor()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        var match = TestAccuracyLine().Match(outputs.Text);
        Assert.True(match.Success, "no line 'Test accuracy: NN.N%' in the notebook's output");
        double accuracy = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, FastRunAccuracyFloor, 100.0);
    }

    [Fact]
    public async Task TrainingCurves_RunsFastPlanOnRealData()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Contains("Fast run (RESNEXT_FAST=1)", outputs.Text);
        Assert.Contains("Training set: 60,000 images of 28x28; test set: 10,000 images of 28x28", outputs.Text);
        Assert.Contains("Training on 3,600 images, validating on 400.", outputs.Text);
        Assert.Contains("trainable parameters", outputs.Text);
    }

    [Fact]
    public async Task TrainingCurves_RedrawsCurvesAfterEveryEpoch()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        var trainingCell = outputs.CellContaining("trainer.Fit(");
        string text = NotebookOutputs.TextOf(trainingCell);
        Assert.Contains("epoch 1/2  train loss", text);
        Assert.Contains("epoch 2/2  train loss", text);
        Assert.Contains("batch", text);

        // The empty chart, then one redraw per epoch.
        int charts = NotebookOutputs.HtmlOf(trainingCell).Count(html => html.Contains(NotebookOutputs.PlotlyChartMarker));
        Assert.Equal(1 + 2, charts);
    }

    [Fact]
    public async Task TrainingCurves_DrawsSamplesConfusionMatrixAndMistakes()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Contains(NotebookOutputs.HtmlOf(outputs.CellContaining("firstOfEachClass")), html => html.Contains(NotebookOutputs.PlotlyChartMarker) && html.Contains("Ankle boot"));
        Assert.Contains(NotebookOutputs.HtmlOf(outputs.CellContaining("ConfusionMatrixChart.Create")), html => html.Contains(NotebookOutputs.PlotlyChartMarker) && html.Contains("predicted class"));
        Assert.Contains(NotebookOutputs.HtmlOf(outputs.CellContaining("Misclassified")), html => html.Contains(NotebookOutputs.PlotlyChartMarker) && html.Contains("→"));
    }

    [Fact]
    public async Task TrainingCurves_ListsBlocksWithShortcuts()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        var table = NotebookOutputs.TextOf(outputs.CellContaining("BlockTable.Format"));
        Assert.Contains("layer1.0", table);
        Assert.Contains("layer3.0", table);

        // Each of the small model's three blocks changes channels (32 to 64, 64 to 128, 128 to 256), so each projects.
        Assert.Equal(3, Regex.Count(table, "projection"));
        Assert.DoesNotContain("identity", table);
    }

    [Fact]
    public async Task TrainingCurves_ReadsOwnImageFolderInKernel()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        // Runs ImageFolder inside the kernel, which loads the SkiaSharp version TorchSharp depends on.
        var cell = outputs.CellContaining("ImageFolder.Load");
        Assert.Contains("Read 9 images in 3 classes (Ankle boot, Sandal, Sneaker)", NotebookOutputs.TextOf(cell));
        Assert.Contains(NotebookOutputs.HtmlOf(cell), html => html.Contains(NotebookOutputs.PlotlyChartMarker) && html.Contains("Sneaker"));
    }
}
