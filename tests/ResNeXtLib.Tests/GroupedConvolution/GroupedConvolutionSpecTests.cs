using ResNeXtLib.GroupedConvolution;
using TorchSharp;

namespace ResNeXtLib.Tests.GroupedConvolution;

[Collection(TorchCollection.Name)]
public class GroupedConvolutionSpecTests
{
    [Theory]
    [InlineData(128, 128, 1, 3, false)]
    [InlineData(128, 128, 2, 3, false)]
    [InlineData(128, 128, 4, 3, true)]
    [InlineData(128, 128, 8, 3, false)]
    [InlineData(128, 128, 32, 3, false)]
    [InlineData(128, 128, 128, 3, true)]
    [InlineData(64, 256, 32, 1, false)]
    [InlineData(96, 48, 24, 5, true)]
    public void ParameterCount_MatchesConv2d(int inChannels, int outChannels, int groups, int kernelSize, bool bias)
    {
        var spec = new GroupedConvolutionSpec(inChannels, outChannels, groups, kernelSize, padding: kernelSize / 2, bias: bias);
        using var conv = torch.nn.Conv2d(inChannels, outChannels, kernel_size: kernelSize, padding: kernelSize / 2, groups: groups, bias: bias);

        Assert.Equal(conv.parameters().Sum(parameter => parameter.numel()), spec.ParameterCount);
        Assert.Equal(conv.weight!.shape, spec.WeightShape);
    }

    [Fact]
    public void FirstStageConv2_Has4608Weights()
    {
        // conv2 of layer1.0 in ResNeXt-50 (32x4d): 128 -> 128, 3x3, 32 groups, no bias: 128 x 4 x 9.
        var spec = new GroupedConvolutionSpec(128, 128, 32);

        Assert.Equal(4_608, spec.ParameterCount);
        Assert.Equal(147_456, spec.Dense.ParameterCount);
    }

    [Fact]
    public void MultiplyAccumulates_FollowsFormula()
    {
        var spec = new GroupedConvolutionSpec(128, 128, 32);

        // 8 x 128 x 56 x 56 outputs, each with 4 x 3 x 3 multiply-accumulates.
        Assert.Equal(8L * 128 * 56 * 56 * 4 * 9, spec.MultiplyAccumulates(8, 56, 56));
        Assert.Equal(32 * spec.MultiplyAccumulates(8, 56, 56), spec.Dense.MultiplyAccumulates(8, 56, 56));
    }

    [Theory]
    [InlineData(3, 1, 1, 56, 56)]
    [InlineData(3, 2, 1, 56, 28)]
    [InlineData(3, 2, 1, 7, 4)]
    [InlineData(1, 2, 0, 7, 4)]
    [InlineData(5, 1, 0, 9, 5)]
    public void OutputSize_MatchesConv2d(int kernelSize, int stride, int padding, int inputSize, int expected)
    {
        var spec = new GroupedConvolutionSpec(8, 8, 2, kernelSize, stride, padding);
        using var conv = torch.nn.Conv2d(8, 8, kernel_size: kernelSize, stride: stride, padding: padding, groups: 2);
        using var input = torch.zeros(1, 8, inputSize, inputSize);
        using var output = conv.forward(input);

        Assert.Equal(expected, spec.OutputSize(inputSize));
        Assert.Equal(expected, output.shape[2]);
    }

    [Fact]
    public void Indivisible_MessageNamesNumbersAndNearestCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => new GroupedConvolutionSpec(100, 100, 32));

        Assert.Contains("100 input channels cannot be split into 32 groups", error.Message);
        Assert.Contains("Use 96 or 128 input channels", error.Message);
        Assert.Contains("such as 25 or 50", error.Message);
        Assert.Equal("inChannels", error.ParamName);
    }

    [Fact]
    public void IndivisibleOutput_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new GroupedConvolutionSpec(128, 100, 32));

        Assert.Contains("100 output channels cannot be split into 32 groups", error.Message);
        Assert.Contains("Use 96 or 128 output channels", error.Message);
        Assert.Equal("outChannels", error.ParamName);
    }

    [Fact]
    public void FewerChannelsThanGroups_SuggestsGroupCount()
    {
        var error = Assert.Throws<ArgumentException>(() => new GroupedConvolutionSpec(12, 12, 32));

        Assert.Contains("12 input channels cannot be split into 32 groups", error.Message);
        Assert.Contains("Use 32 input channels", error.Message);
        Assert.Contains("such as 12", error.Message);
    }

    [Theory]
    [InlineData(0, 8, 1, 3, 1, 1, "inChannels")]
    [InlineData(8, -8, 1, 3, 1, 1, "outChannels")]
    [InlineData(8, 8, 0, 3, 1, 1, "groups")]
    [InlineData(8, 8, 2, 0, 1, 0, "kernelSize")]
    [InlineData(8, 8, 2, 3, 0, 1, "stride")]
    [InlineData(8, 8, 2, 3, 1, -1, "padding")]
    [InlineData(8, 8, 2, 3, 1, 3, "padding")]
    public void InvalidSize_IsRejectedWithValue(int inChannels, int outChannels, int groups, int kernelSize, int stride, int padding, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new GroupedConvolutionSpec(inChannels, outChannels, groups, kernelSize, stride, padding));

        Assert.Equal(parameter, error.ParamName);
        Assert.IsType<ArgumentOutOfRangeException>(error);
    }

    [Fact]
    public void InputSmallerThanKernel_IsRejected()
    {
        var spec = new GroupedConvolutionSpec(8, 8, 2, kernelSize: 5, padding: 0);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => spec.OutputSize(3));

        Assert.Contains("an input of 3 pixels with padding 0 is smaller than the kernel size 5", error.Message);
    }
}
