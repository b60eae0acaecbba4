using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ResNeXtLib.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class ShortcutErrorNotebookTests(ITestOutputHelper output)
{
    private const string Notebook = "03-shortcut-error";

    [Fact]
    public async Task ShortcutError_RunsWithoutFailedCells()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        Assert.Empty(outputs.Errors);
        Assert.True(outputs.Run.Succeeded, outputs.Run.Describe());
    }

    [Fact]
    public async Task ShortcutError_PrintsResNeXt50Shapes()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("BlockShapes.Trace"));
        Assert.Matches(@"layer1\.0\s+\[1, 64, 56, 56\]\s+\[1, 256, 56, 56\]\s+channels 64 -> 256\r?\n", text);
        Assert.Matches(@"layer1\.1\s+\[1, 256, 56, 56\]\s+\[1, 256, 56, 56\]\s+-", text);
        Assert.Matches(@"layer2\.0\s+\[1, 256, 56, 56\]\s+\[1, 512, 28, 28\]\s+channels 256 -> 512, size 56x56 -> 28x28", text);
        Assert.Matches(@"layer4\.2\s+\[1, 2048, 7, 7\]\s+\[1, 2048, 7, 7\]\s+-", text);
        Assert.Contains("4 of 16 blocks change the shape: layer1.0, layer2.0, layer3.0, layer4.0", text);
    }

    [Fact]
    public async Task ShortcutError_CorrectModelPassesCheck()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("var report = ShortcutCheck.Check(model"));
        Assert.Contains("every residual add of the 16 blocks works", text);
        Assert.DoesNotContain("MISMATCH", text);
        Assert.Equal(4, Regex.Count(text, @"projection \(1x1, stride \d\)"));
    }

    [Fact]
    public async Task ShortcutError_ShowsRawTorchSharpError()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("ShortcutKind.ForcedIdentity"));
        Assert.Contains("TorchSharp error: The size of tensor a (256) must match the size of tensor b (64) at non-singleton dimension 1", text);

        // Only the first line: no native stack trace.
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ShortcutError_DiagnosesForcedIdentity()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("ShortcutCheck.Check(forcedIdentity"));
        Assert.Contains("4 of 16 blocks would fail at the residual add", text);
        Assert.Contains("Block layer1.0 (the first block of stage 1): the main branch has shape [1, 256, 56, 56] but the identity shortcut has shape [1, 64, 56, 56]", text);
        Assert.Contains("Block layer2.0 (the first block of stage 2): the main branch has shape [1, 512, 28, 28] but the identity shortcut has shape [1, 256, 56, 56]", text);
        Assert.Contains("a 1x1 convolution from 256 to 512 channels with stride 2", text);
        Assert.Equal(4, Regex.Count(text, "MISMATCH"));
    }

    [Fact]
    public async Task ShortcutError_WrapsErrorWithBlockName()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("ForwardWithDiagnosis(forcedIdentity"));
        Assert.StartsWith("Block layer1.0 (the first block of stage 1)", text);
        Assert.Contains("Fix: give layer1.0 a projection shortcut, a 1x1 convolution from 64 to 256 channels with stride 1", text);
        Assert.Contains("Inner exception: ExternalException", text);
    }

    [Fact]
    public async Task ShortcutError_ChannelOnlyFixFails()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string table = NotebookOutputs.TextOf(outputs.CellContaining("var channelOnlyReport"));
        Assert.Matches(@"layer1\.0\s+\[1, 64, 56, 56\]\s+\[1, 256, 56, 56\]\s+\[1, 256, 56, 56\]\s+projection \(1x1, stride 1\)\s+ok", table);
        Assert.Matches(@"layer2\.0\s+\[1, 256, 56, 56\]\s+\[1, 512, 28, 28\]\s+\[1, 512, 56, 56\]\s+projection \(1x1, stride 1\)\s+MISMATCH", table);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("channelOnly.forward(image)"));
        Assert.Contains("TorchSharp error: The size of tensor a (28) must match the size of tensor b (56) at non-singleton dimension", text);
        Assert.Contains("3 of 16 blocks would fail at the residual add", text);
        Assert.Contains("give the 1x1 projection convolution of layer2.0 the block's stride 2 instead of 1", text);
    }

    [Fact]
    public async Task ShortcutError_CorrectModelRuns()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("ForwardWithDiagnosis(model, image)"));
        Assert.Contains("Output shape: [1, 1000]", text);
        Assert.Contains("layer2.0: 256 -> 512 channels, stride 2, shortcut 1x1 convolution with stride 2", text);
    }

    [Fact]
    public async Task ShortcutError_ZeroPaddingMatchesShape()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("new ZeroPaddingShortcut"));
        Assert.Contains("projection shortcut:      [1, 512, 28, 28]", text);
        Assert.Contains("zero-padding shortcut:    [1, 512, 28, 28]", text);
        Assert.Contains("First 256 channels equal the input at stride 2: True; the other 256 are all zero: True", text);
    }

    [Fact]
    public async Task ShortcutError_PrintsParameterCounts()
    {
        var outputs = await NotebookHarness.ExecuteAsync(Notebook, output);

        string text = NotebookOutputs.TextOf(outputs.CellContaining("ShortcutParameters.Compare"));
        Assert.Matches(@"layer1\.0\s+64 -> 256\s+1\s+16,384\s+512\s+16,896\s+0", text);
        Assert.Matches(@"layer4\.0\s+1024 -> 2048\s+2\s+2,097,152\s+4,096\s+2,101,248\s+0", text);
        Assert.Matches(@"total\s+2,768,896\s+7,680\s+2,776,576\s+0", text);
        Assert.Contains("The projections hold 2,776,576 of the network's 25,028,904 parameters (11.1%).", text);
    }
}
