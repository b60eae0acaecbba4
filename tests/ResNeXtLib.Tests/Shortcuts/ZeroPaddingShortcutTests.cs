using ResNeXtLib.Shortcuts;
using TorchSharp;

namespace ResNeXtLib.Tests.Shortcuts;

[Collection(TorchCollection.Name)]
public class ZeroPaddingShortcutTests
{
    [Theory]
    [InlineData(64, 256, 1, 56, 56)]
    [InlineData(256, 512, 2, 56, 28)]
    [InlineData(512, 1024, 2, 7, 4)]
    public void Forward_GivesBlockOutputShape(int inChannels, int outChannels, int stride, int size, int expectedSize)
    {
        using var shortcut = new ZeroPaddingShortcut(inChannels, outChannels, stride);
        using var input = torch.randn(2, inChannels, size, size);

        using var output = shortcut.forward(input);

        Assert.Equal(new long[] { 2, outChannels, expectedSize, expectedSize }, output.shape);
        Assert.Equal(output.shape, shortcut.OutputShape(input.shape));
    }

    [Fact]
    public void HasNoParameters()
    {
        using var shortcut = new ZeroPaddingShortcut(64, 256, 2);

        Assert.Empty(shortcut.parameters());
    }

    [Fact]
    public void Forward_SubsamplesInputAndZeroFillsExtraChannels()
    {
        using var shortcut = new ZeroPaddingShortcut(4, 10, 2);
        using var input = torch.randn(3, 4, 7, 9);

        using var output = shortcut.forward(input);

        using var expected = input[.., .., torch.TensorIndex.Slice(0, null, 2), torch.TensorIndex.Slice(0, null, 2)];
        using var original = output[.., ..4];
        using var extra = output[.., 4..];
        Assert.Equal(new long[] { 3, 4, 4, 5 }, original.shape);
        Assert.True(original.eq(expected).all().item<bool>(), "the first 4 channels are not input[:, :, ::2, ::2]");
        Assert.Equal(new long[] { 3, 6, 4, 5 }, extra.shape);
        Assert.True(extra.eq(0).all().item<bool>(), "the extra channels are not all zero");
    }

    [Fact]
    public void FewerOutputChannels_Rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroPaddingShortcut(256, 64, 1));

        Assert.Equal("outChannels", error.ParamName);
        Assert.Contains("1x1 projection", error.Message);
    }

    [Fact]
    public void WrongInputChannels_Rejected()
    {
        using var shortcut = new ZeroPaddingShortcut(64, 256, 1);
        using var input = torch.randn(1, 32, 8, 8);

        var error = Assert.Throws<ArgumentException>(() => shortcut.forward(input));

        Assert.Contains("[N, 64, H, W]", error.Message);
        Assert.Contains("[1, 32, 8, 8]", error.Message);
    }
}
