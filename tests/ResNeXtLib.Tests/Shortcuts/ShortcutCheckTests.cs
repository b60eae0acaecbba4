using System.Runtime.InteropServices;
using ResNeXtLib.Models;
using ResNeXtLib.Shortcuts;
using TorchSharp;

namespace ResNeXtLib.Tests.Shortcuts;

[Collection(TorchCollection.Name)]
public class ShortcutCheckTests
{
    private static readonly long[] ImageNetInput = [1, 3, 224, 224];

    // Two stages of two blocks; stage 2 keeps the 64 channels but has stride 2, so only its size changes.
    private static ResNeXtConfig StrideOnlyConfig() => new(
        Name: "stride-only test network",
        InputChannels: 3,
        InputSize: 32,
        StemChannels: 16,
        StemKernelSize: 3,
        StemStride: 1,
        StemMaxPool: false,
        Cardinality: 4,
        Stages:
        [
            new StageSpec(Blocks: 2, BottleneckWidth: 4, OutChannels: 64, Stride: 1),
            new StageSpec(Blocks: 2, BottleneckWidth: 4, OutChannels: 64, Stride: 2),
        ],
        NumClasses: 10);

    [Fact]
    public void ResNeXt50_NoProblems()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        var report = ShortcutCheck.Check(model, ImageNetInput);

        Assert.True(report.IsValid, report.FormatProblems());
        Assert.Equal(16, report.Rows.Count);
        Assert.All(report.Rows, row => Assert.True(row.AddsCleanly));
        Assert.Contains("every residual add of the 16 blocks works", report.FormatProblems());
    }

    [Fact]
    public void ResNeXt50_ShapesPerStage()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        var rows = ShortcutCheck.Check(model, ImageNetInput).Rows.ToDictionary(row => row.Name);

        Assert.Equal(new long[] { 1, 64, 56, 56 }, rows["layer1.0"].InputShape);
        Assert.Equal(new long[] { 1, 256, 56, 56 }, rows["layer1.0"].MainShape);
        Assert.Equal(new long[] { 1, 256, 56, 56 }, rows["layer2.0"].InputShape);
        Assert.Equal(new long[] { 1, 512, 28, 28 }, rows["layer2.0"].MainShape);
        Assert.Equal(new long[] { 1, 1024, 14, 14 }, rows["layer3.5"].MainShape);
        Assert.Equal(new long[] { 1, 2048, 7, 7 }, rows["layer4.2"].MainShape);
    }

    [Fact]
    public void ResNeXt50_OnlyFirstBlocksChangeShape()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        var report = ShortcutCheck.Check(model, ImageNetInput);

        var changing = report.Rows.Where(row => !row.InputShape.SequenceEqual(row.MainShape)).Select(row => row.Name);
        Assert.Equal(new[] { "layer1.0", "layer2.0", "layer3.0", "layer4.0" }, changing);
    }

    [Fact]
    public void Check_MatchesTracedForwardShapes()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());
        using var input = torch.randn(1, 3, 64, 64);

        var traced = BlockShapes.Trace(model, input);
        var rows = ShortcutCheck.Check(model, input.shape).Rows;

        Assert.Equal(rows.Count, traced.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].Name, traced[i].Name);
            Assert.Equal(rows[i].InputShape, traced[i].InputShape);
            Assert.Equal(rows[i].MainShape, traced[i].OutputShape);
        }
    }

    [Fact]
    public void ForcedIdentityFirstBlocks_FindsEveryFirstBlock()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d().WithFirstBlockShortcuts(ShortcutKind.ForcedIdentity));

        var report = ShortcutCheck.Check(model, ImageNetInput);

        Assert.Equal(new[] { "layer1.0", "layer2.0", "layer3.0", "layer4.0" }, report.Problems.Select(problem => problem.Row.Name));
        var layer1 = report.Problems[0].Row;
        Assert.Equal(new long[] { 1, 256, 56, 56 }, layer1.MainShape);
        Assert.Equal(new long[] { 1, 64, 56, 56 }, layer1.ShortcutShape);
        var layer2 = report.Problems[1].Row;
        Assert.Equal(new long[] { 1, 512, 28, 28 }, layer2.MainShape);
        Assert.Equal(new long[] { 1, 256, 56, 56 }, layer2.ShortcutShape);
    }

    [Fact]
    public void Diagnosis_NamesBlockShapesAndFix()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d().WithShortcut("layer2.0", ShortcutKind.ForcedIdentity));

        var problem = Assert.Single(ShortcutCheck.Check(model, ImageNetInput).Problems);

        Assert.Contains("Block layer2.0 (the first block of stage 2)", problem.Message);
        Assert.Contains("main branch has shape [1, 512, 28, 28]", problem.Message);
        Assert.Contains("identity shortcut has shape [1, 256, 56, 56]", problem.Message);
        Assert.Contains("channels 512 vs 256 (dimension 1)", problem.Message);
        Assert.Contains("height 28 vs 56 (dimension 2)", problem.Message);
        Assert.Contains("a 1x1 convolution from 256 to 512 channels with stride 2", problem.Fix);
        Assert.Contains("ShortcutKind.Auto", problem.Fix);
    }

    [Fact]
    public void ChannelOnlyProjection_FailsOnlyInStride2Stages()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d().WithFirstBlockShortcuts(ShortcutKind.ChannelOnlyProjection));

        var report = ShortcutCheck.Check(model, ImageNetInput);

        Assert.Equal(new[] { "layer2.0", "layer3.0", "layer4.0" }, report.Problems.Select(problem => problem.Row.Name));
        var layer2 = report.Problems[0];
        Assert.Equal(new long[] { 1, 512, 28, 28 }, layer2.Row.MainShape);
        Assert.Equal(new long[] { 1, 512, 56, 56 }, layer2.Row.ShortcutShape);
        Assert.Contains("projection (1x1, stride 1) shortcut has shape [1, 512, 56, 56]", layer2.Diagnosis);
        Assert.DoesNotContain("channels", layer2.Diagnosis);
        Assert.Contains("the block's stride 2 instead of 1", layer2.Fix);
    }

    [Fact]
    public void StrideOnlyBlock_IdentityFlagged()
    {
        var config = StrideOnlyConfig().WithShortcut("layer2.0", ShortcutKind.ChannelOnlyProjection);
        using var model = new ResNeXt(config);

        var problem = Assert.Single(ShortcutCheck.Check(model, [2, 3, 32, 32]).Problems);

        // Channels match (64 and 64), so the channel-only rule keeps the identity, and the spatial sizes differ.
        Assert.False(problem.Row.Block.HasProjection);
        Assert.Equal(new long[] { 2, 64, 16, 16 }, problem.Row.MainShape);
        Assert.Equal(new long[] { 2, 64, 32, 32 }, problem.Row.ShortcutShape);
        Assert.Contains("a 1x1 convolution from 64 to 64 channels with stride 2", problem.Fix);
    }

    [Fact]
    public void ForcedIdentity_ForwardRaisesTorchSharpSizeMismatch()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d().WithFirstBlockShortcuts(ShortcutKind.ForcedIdentity));
        using var input = torch.randn(1, 3, 64, 64);

        var error = Assert.Throws<ExternalException>(() => model.forward(input));

        string firstLine = error.Message.Split('\n')[0];
        Assert.Contains(ShortcutCheck.SizeMismatchText, firstLine);
        Assert.Contains("(256)", firstLine);
        Assert.Contains("(64)", firstLine);
        Assert.Contains("dimension 1", firstLine);
    }

    [Fact]
    public void ForwardWithDiagnosis_NamesFailedBlock()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d().WithFirstBlockShortcuts(ShortcutKind.ForcedIdentity));
        using var input = torch.randn(1, 3, 64, 64);

        var error = Assert.Throws<ShortcutMismatchException>(() => ShortcutCheck.ForwardWithDiagnosis(model, input));

        Assert.StartsWith("Block layer1.0 (the first block of stage 1): the main branch has shape [1, 256, 16, 16]", error.Message);
        Assert.Contains("identity shortcut has shape [1, 64, 16, 16]", error.Message);
        Assert.Contains("layer2.0, layer3.0, layer4.0", error.Message);
        Assert.Equal("layer1.0", error.FirstProblem.Row.Name);
        Assert.IsAssignableFrom<ExternalException>(error.InnerException);
    }

    [Fact]
    public void ForwardWithDiagnosis_ValidModelReturnsOutput()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        using var input = torch.randn(2, 1, 28, 28);

        using var output = ShortcutCheck.ForwardWithDiagnosis(model, input);

        Assert.Equal(new long[] { 2, 10 }, output.shape);
    }

    [Theory]
    [InlineData(new long[] { 3, 224, 224 }, "3 dimensions")]
    [InlineData(new long[] { 1, 1, 224, 224 }, "1 channels")]
    [InlineData(new long[] { 1, 3, 0, 224 }, "a size below 1")]
    public void Check_InvalidInputShape_Rejected(long[] shape, string expected)
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall() with { InputChannels = 3 });

        var error = Assert.Throws<ArgumentException>(() => ShortcutCheck.Check(model, shape));

        Assert.Contains(expected, error.Message);
        Assert.Contains("[N, 3, H, W]", error.Message);
    }

    [Fact]
    public void StemOutputShape_ResNeXt50()
    {
        // 224 -> 112 after the 7x7 stride-2 convolution, -> 56 after the max pooling.
        Assert.Equal(new long[] { 1, 64, 56, 56 }, ShortcutCheck.StemOutputShape(ResNeXtConfig.ResNeXt50_32x4d(), ImageNetInput));
    }
}
