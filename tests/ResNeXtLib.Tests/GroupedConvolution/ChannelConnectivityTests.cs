using ResNeXtLib.GroupedConvolution;
using TorchSharp;

namespace ResNeXtLib.Tests.GroupedConvolution;

[Collection(TorchCollection.Name)]
public class ChannelConnectivityTests
{
    [Theory]
    [InlineData(64, 64, 1)]
    [InlineData(64, 64, 4)]
    [InlineData(64, 64, 32)]
    [InlineData(64, 64, 64)]
    [InlineData(16, 32, 4)]
    public void Mask_IsBlockDiagonalWithBlockSize(int inChannels, int outChannels, int groups)
    {
        var mask = ChannelConnectivity.Mask(inChannels, outChannels, groups);
        int rows = outChannels / groups;
        int columns = inChannels / groups;

        Assert.Equal(outChannels, mask.GetLength(0));
        Assert.Equal(inChannels, mask.GetLength(1));
        for (int output = 0; output < outChannels; output++)
        {
            for (int input = 0; input < inChannels; input++)
            {
                bool inDiagonalBlock = output / rows == input / columns;
                Assert.True(inDiagonalBlock == mask[output, input], $"mask[{output}, {input}] is {mask[output, input]}; block size {rows}x{columns}");
            }
        }

        Assert.Equal(ChannelConnectivity.ConnectionCount(inChannels, outChannels, groups), mask.Cast<bool>().Count(connected => connected));
    }

    [Fact]
    public void Mask_MatchesNativeConvolution()
    {
        // An output channel depends on an input channel exactly when its gradient with respect to that channel is non-zero.
        torch.manual_seed(1);
        var spec = new GroupedConvolutionSpec(16, 16, 4);
        using var native = new NativeGroupedConv2d(spec);
        var mask = ChannelConnectivity.Mask(16, 16, 4);

        for (int output = 0; output < 16; output++)
        {
            using var scope = torch.NewDisposeScope();
            var input = torch.randn(1, 16, 5, 5).requires_grad_(true);
            native.forward(input).narrow(1, output, 1).sum().backward();
            var reads = input.grad!.abs().sum(dim: [0, 2, 3]).gt(0).data<bool>().ToArray();
            for (int channel = 0; channel < 16; channel++)
            {
                Assert.True(mask[output, channel] == reads[channel], $"output {output}, input {channel}: mask {mask[output, channel]}, gradient non-zero {reads[channel]}");
            }
        }
    }

    [Fact]
    public void MaskTensor_MatchesMask()
    {
        var mask = ChannelConnectivity.Mask(8, 8, 2);
        using var tensor = ChannelConnectivity.MaskTensor(8, 8, 2);

        Assert.Equal(new long[] { 8, 8 }, tensor.shape);
        Assert.Equal(32.0, tensor.sum().ToDouble());
        Assert.Equal(mask[0, 3] ? 1f : 0f, tensor[0, 3].ToSingle());
        Assert.Equal(mask[0, 4] ? 1f : 0f, tensor[0, 4].ToSingle());
    }

    [Fact]
    public void Mask_Indivisible_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ChannelConnectivity.Mask(100, 100, 32));

        Assert.Contains("Use 96 or 128", error.Message);
    }
}
