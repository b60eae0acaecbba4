using ResNeXtLib.Models;
using TorchSharp;

namespace ResNeXtLib.Tests.Models;

[Collection(TorchCollection.Name)]
public class AggregatedTransformationsTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(256, 256, 32, 4, 1)]
    [InlineData(256, 512, 32, 8, 2)]
    [InlineData(16, 24, 3, 5, 1)]
    public void ThreeForms_AgreeWithTiedWeights(int inChannels, int outChannels, int cardinality, int width, int stride)
    {
        torch.manual_seed(7);
        using var grouped = new GroupedConvolutionTransformation(inChannels, outChannels, cardinality, width, stride);
        using var separate = new SeparatePathsTransformation(grouped);
        using var early = new EarlyConcatenationTransformation(grouped);
        using var input = torch.randn(2, inChannels, 14, 14);

        using var fromGrouped = grouped.call(input);
        using var fromSeparate = separate.call(input);
        using var fromEarly = early.call(input);

        Assert.Equal(fromGrouped.shape, fromSeparate.shape);
        Assert.InRange(AggregatedTransformation.MaxAbsoluteDifference(fromGrouped, fromSeparate), 0, Tolerance);
        Assert.InRange(AggregatedTransformation.MaxAbsoluteDifference(fromGrouped, fromEarly), 0, Tolerance);
    }

    [Fact]
    public void ThreeForms_HaveEqualParameterCounts()
    {
        using var grouped = new GroupedConvolutionTransformation(256, 256, 32, 4);
        using var separate = new SeparatePathsTransformation(grouped);
        using var early = new EarlyConcatenationTransformation(grouped);

        // 256*128 + 128*4*9 + 128*256, the weights of Fig. 3 of Xie et al. (2017) without batch norm.
        Assert.Equal(70_144, grouped.ParameterCount);
        Assert.Equal(grouped.ParameterCount, separate.ParameterCount);
        Assert.Equal(grouped.ParameterCount, early.ParameterCount);
    }

    [Fact]
    public void UntiedWeights_Differ()
    {
        torch.manual_seed(1);
        using var first = new GroupedConvolutionTransformation(32, 32, 4, 4);
        using var second = new GroupedConvolutionTransformation(32, 32, 4, 4);
        using var input = torch.randn(1, 32, 8, 8);

        using var a = first.call(input);
        using var b = second.call(input);

        Assert.True(AggregatedTransformation.MaxAbsoluteDifference(a, b) > 1e-2);
    }

    [Fact]
    public void MaxAbsoluteDifference_RejectsShapeMismatch()
    {
        using var a = torch.zeros(1, 4);
        using var b = torch.zeros(1, 5);

        var error = Assert.Throws<ArgumentException>(() => AggregatedTransformation.MaxAbsoluteDifference(a, b));

        Assert.Contains("[1, 4]", error.Message);
        Assert.Contains("[1, 5]", error.Message);
    }

    [Fact]
    public void ZeroCardinality_Rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GroupedConvolutionTransformation(256, 256, 0, 4));

        Assert.Contains("cardinality", error.Message);
    }
}
