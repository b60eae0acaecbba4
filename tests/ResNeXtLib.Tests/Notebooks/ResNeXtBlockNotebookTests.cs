using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ResNeXtLib.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed partial class ResNeXtBlockNotebookTests(ITestOutputHelper output)
{
    private const string Notebook = "02-resnext-block-and-resnext50";

    private const double Tolerance = 1e-4;

    [GeneratedRegex(@"^Largest absolute difference \((a|b)\) vs \(c\): (\S+)$", RegexOptions.Multiline)]
    private static partial Regex FormDifferenceLine();

    [GeneratedRegex(@"^Largest absolute difference from PyTorch's output: (\S+) ", RegexOptions.Multiline)]
    private static partial Regex PyTorchDifferenceLine();

    [GeneratedRegex(@"^(.+): [\d,]+ trainable parameters, [\d,]+ non-trainable, [\d,]+ MACs \((\d+\.\d\d) GMACs\)$", RegexOptions.Multiline)]
    private static partial Regex ComparisonLine();

    [Fact]
    public async Task ResNeXtBlock_RunsWithoutErrors()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Empty(outputs.Errors);
        Assert.True(outputs.Run.Succeeded, outputs.Run.Describe());
    }

    [Fact]
    public async Task ResNeXtBlock_ComputesStageWidths()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("TorchvisionResNet.StageWidths"));
        Assert.Contains("layer1: int(64 * 4 / 64) = 4 channels per group, 32 x 4 = 128 channels in the grouped convolution, 256 out", text);
        Assert.Contains("layer4: int(512 * 4 / 64) = 32 channels per group, 32 x 32 = 1024 channels in the grouped convolution, 2048 out", text);
    }

    [Fact]
    public async Task ResNeXtBlock_ThreeFormsAgree()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Contains("Parameters: (a) separate paths 70,144, (b) early concatenation 70,144, (c) grouped convolution 70,144", outputs.Text);
        var matches = FormDifferenceLine().Matches(outputs.Text);
        Assert.Equal(new[] { "a", "b" }, matches.Select(match => match.Groups[1].Value));
        foreach (Match match in matches)
        {
            double difference = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.InRange(difference, 0, Tolerance);
        }
    }

    [Fact]
    public async Task ResNeXtBlock_PrintsTorchvisionParameterCounts()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Contains("ResNeXt-50 (32x4d), input [1, 3, 224, 224]", outputs.Text);
        Assert.Contains("Trainable parameters: 25,028,904", outputs.Text);
        Assert.Contains("Non-trainable parameters: 68,224", outputs.Text);
        Assert.Contains("ResNet-50: 25,557,032 trainable parameters, 53,120 non-trainable", outputs.Text);
    }

    [Fact]
    public async Task ResNeXtBlock_ComparesMultiplyAccumulates()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        var gigaMacs = ComparisonLine().Matches(outputs.Text)
            .ToDictionary(match => match.Groups[1].Value, match => double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(4.23, gigaMacs["ResNeXt-50 (32x4d)"]);
        Assert.Equal(4.09, gigaMacs["ResNet-50"]);
    }

    [Fact]
    public async Task ResNeXtBlock_PrintsStageShapes()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Contains("layer1: 3 blocks, output [1, 256, 56, 56]", outputs.Text);
        Assert.Contains("layer2: 4 blocks, output [1, 512, 28, 28]", outputs.Text);
        Assert.Contains("layer3: 6 blocks, output [1, 1024, 14, 14]", outputs.Text);
        Assert.Contains("layer4: 3 blocks, output [1, 2048, 7, 7]", outputs.Text);
    }

    [Fact]
    public async Task ResNeXtBlock_RendersSummaryTables()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        var summaryTable = NotebookOutputs.HtmlOf(outputs.CellContaining("maxDepth: 2")).ToList();
        Assert.Contains(summaryTable, html => html.Contains("<table", StringComparison.Ordinal) && html.Contains("layer4.2", StringComparison.Ordinal));
        Assert.Contains(summaryTable, html => html.Contains(">63,488<", StringComparison.Ordinal));
        Assert.DoesNotContain(summaryTable, html => html.Contains("dni-treeview", StringComparison.Ordinal));
        Assert.Contains("layer1.0.conv2         Conv2d       [1, 128, 56, 56]        4,608", NotebookOutputs.TextOf(outputs.CellContaining("leafSummary")));
    }

    [Fact]
    public async Task ResNeXtBlock_ReproducesPyTorchOutput()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Contains("loaded 122 tensors, output [2, 10]", outputs.Text);
        var match = PyTorchDifferenceLine().Match(outputs.Text);
        Assert.True(match.Success, "no line 'Largest absolute difference from PyTorch's output: ...' in the notebook's output");
        Assert.InRange(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 0, Tolerance);

        string rejection = NotebookOutputs.TextOf(outputs.CellContaining("catch (StateDictMismatchException"));
        Assert.Contains("key 'conv1.weight' has shape [32, 3, 7, 7] in the state dict but [32, 1, 3, 3] in the model", rejection);
    }
}
