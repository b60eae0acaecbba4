using ResNeXtLib.Models;
using TorchSharp;

namespace ResNeXtLib.Tests.Models;

[Collection(TorchCollection.Name)]
public class ResNeXtBlockTests
{
    private static long ParameterCount(torch.nn.Module module) => module.parameters().Sum(p => p.numel());

    // conv1 + bn1 + grouped conv2 + bn2 + conv3 + bn3, plus the projection's 1x1 convolution and batch norm.
    private static long ClosedFormParameters(int inChannels, int outChannels, int cardinality, int bottleneckWidth, bool projection)
    {
        long width = cardinality * bottleneckWidth;
        long main = inChannels * width + 2 * width
            + width * bottleneckWidth * 9 + 2 * width
            + width * outChannels + 2 * outChannels;
        return main + (projection ? inChannels * outChannels + 2 * outChannels : 0);
    }

    [Theory]
    [InlineData(64, 256, 32, 4, 1)]
    [InlineData(256, 256, 32, 4, 1)]
    [InlineData(256, 512, 32, 8, 2)]
    [InlineData(32, 64, 8, 4, 1)]
    public void OutputShape_MatchesForward(int inChannels, int outChannels, int cardinality, int width, int stride)
    {
        using var block = new ResNeXtBlock("test", inChannels, outChannels, cardinality, width, stride);
        using var input = torch.randn(2, inChannels, 14, 14);

        using var output = block.forward(input);

        long expectedSize = stride == 1 ? 14 : 7;
        Assert.Equal(new long[] { 2, outChannels, expectedSize, expectedSize }, output.shape);
        Assert.Equal(output.shape, block.OutputShape(input.shape));
    }

    [Fact]
    public void Stride2_OddSize_RoundsUp()
    {
        using var block = new ResNeXtBlock("test", 16, 32, 4, 4, stride: 2);
        using var input = torch.randn(1, 16, 7, 7);

        using var output = block.forward(input);

        Assert.Equal(new long[] { 1, 32, 4, 4 }, output.shape);
    }

    [Theory]
    [InlineData(64, 256, 32, 4, 1, true)]
    [InlineData(256, 256, 32, 4, 1, false)]
    [InlineData(256, 256, 32, 4, 2, true)]
    [InlineData(256, 512, 32, 8, 2, true)]
    [InlineData(512, 512, 32, 8, 1, false)]
    public void ParameterCount_MatchesClosedForm(int inChannels, int outChannels, int cardinality, int width, int stride, bool projection)
    {
        using var block = new ResNeXtBlock("test", inChannels, outChannels, cardinality, width, stride);

        Assert.Equal(projection, block.HasProjection);
        Assert.Equal(ClosedFormParameters(inChannels, outChannels, cardinality, width, projection), ParameterCount(block));
    }

    [Fact]
    public void FirstStageBlock_Has63488Parameters()
    {
        // layer1.0 of ResNeXt-50 (32x4d): 64 -> 128 (32 groups of 4) -> 256 with a projection shortcut.
        // torchvision: sum(p.numel() for p in resnext50_32x4d().layer1[0].parameters()) == 63,488.
        using var block = new ResNeXtBlock("layer1.0", 64, 256, 32, 4);

        Assert.Equal(63_488, ParameterCount(block));
    }

    [Theory]
    [InlineData(64, 64, 1, false)]
    [InlineData(64, 128, 1, true)]
    [InlineData(64, 64, 2, true)]
    [InlineData(64, 128, 2, true)]
    public void Projection_OnlyWhenShapeChanges(int inChannels, int outChannels, int stride, bool expected)
    {
        using var block = new ResNeXtBlock("test", inChannels, outChannels, 8, 4, stride);

        Assert.Equal(expected, block.HasProjection);
        Assert.Equal(expected, block.named_modules().Any(m => m.name.StartsWith("downsample", StringComparison.Ordinal)));
    }

    [Fact]
    public void ParameterNames_MatchTorchvision()
    {
        using var block = new ResNeXtBlock("layer1.0", 64, 256, 32, 4);

        var names = block.named_parameters().Select(p => p.name).ToList();

        Assert.Equal(
            new[]
            {
                "conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias",
                "conv3.weight", "bn3.weight", "bn3.bias", "downsample.0.weight", "downsample.1.weight", "downsample.1.bias",
            },
            names);
    }

    [Theory]
    [InlineData(64, 128, 1)]
    [InlineData(64, 64, 2)]
    public void IdentityShortcut_ShapeChange_RejectedAtConstruction(int inChannels, int outChannels, int stride)
    {
        var error = Assert.Throws<ArgumentException>(() => new ResNeXtBlock("layer2.0", inChannels, outChannels, 8, 4, stride, ShortcutKind.Identity));

        Assert.Contains("layer2.0", error.Message);
        Assert.Contains($"[N, {inChannels}, H, W]", error.Message);
        Assert.Contains("Projection", error.Message);
    }

    [Fact]
    public void ForcedIdentity_ShapeChange_FailsAtAdd()
    {
        using var block = new ResNeXtBlock("layer1.0", 64, 256, 32, 4, 1, ShortcutKind.ForcedIdentity);
        using var input = torch.randn(1, 64, 8, 8);

        var error = Assert.ThrowsAny<Exception>(() => block.forward(input));

        Assert.Contains("must match the size of tensor", error.Message);
    }

    [Theory]
    [InlineData(0, 64, 8, 4, 1, "inChannels")]
    [InlineData(64, -1, 8, 4, 1, "outChannels")]
    [InlineData(64, 64, 0, 4, 1, "cardinality")]
    [InlineData(64, 64, 8, 0, 1, "bottleneckWidth")]
    [InlineData(64, 64, 8, 4, 3, "stride")]
    public void InvalidSize_RejectedWithName(int inChannels, int outChannels, int cardinality, int width, int stride, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ResNeXtBlock("layer3.1", inChannels, outChannels, cardinality, width, stride));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("layer3.1", error.Message);
    }
}
