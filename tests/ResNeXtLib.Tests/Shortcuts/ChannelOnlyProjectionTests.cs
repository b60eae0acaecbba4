using System.Runtime.InteropServices;
using ResNeXtLib.Models;
using TorchSharp;

namespace ResNeXtLib.Tests.Shortcuts;

[Collection(TorchCollection.Name)]
public class ChannelOnlyProjectionTests
{
    [Fact]
    public void Stride1Block_AddsCleanly()
    {
        using var block = new ResNeXtBlock("layer1.0", 64, 256, 32, 4, stride: 1, ShortcutKind.ChannelOnlyProjection);
        using var input = torch.randn(1, 64, 8, 8);

        using var output = block.forward(input);

        Assert.True(block.HasProjection);
        Assert.Equal(1, block.ShortcutStride);
        Assert.Equal(new long[] { 1, 256, 8, 8 }, output.shape);
    }

    [Fact]
    public void Stride2Block_FailsAtAdd()
    {
        using var block = new ResNeXtBlock("layer2.0", 256, 512, 32, 8, stride: 2, ShortcutKind.ChannelOnlyProjection);
        using var input = torch.randn(1, 256, 8, 8);

        var error = Assert.Throws<ExternalException>(() => block.forward(input));

        Assert.Contains("must match the size of tensor", error.Message.Split('\n')[0]);
        Assert.Equal(new long[] { 1, 512, 4, 4 }, block.OutputShape(input.shape));
        Assert.Equal(new long[] { 1, 512, 8, 8 }, block.ShortcutShape(input.shape));
    }

    [Fact]
    public void SameChannels_KeepsIdentity()
    {
        using var block = new ResNeXtBlock("layer2.1", 512, 512, 32, 8, stride: 1, ShortcutKind.ChannelOnlyProjection);

        Assert.False(block.HasProjection);
        Assert.Equal(ShortcutKind.ChannelOnlyProjection, block.Shortcut);
    }

    [Fact]
    public void AutoProjection_CarriesBlockStride()
    {
        using var block = new ResNeXtBlock("layer2.0", 256, 512, 32, 8, stride: 2);
        using var input = torch.randn(1, 256, 8, 8);

        using var output = block.forward(input);

        Assert.Equal(2, block.ShortcutStride);
        Assert.Equal(output.shape, block.ShortcutShape(input.shape));
    }
}
