using ResNeXtLib.GroupedConvolution;
using TorchSharp;

namespace ResNeXtLib.Tests.GroupedConvolution;

[Collection(TorchCollection.Name)]
public class GroupedConv2dTests
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(128, 128, 32, 3, 1, 1, false, 14)]
    [InlineData(128, 128, 32, 3, 2, 1, false, 15)]
    [InlineData(16, 32, 4, 3, 1, 1, true, 9)]
    [InlineData(16, 16, 16, 3, 2, 1, true, 8)]
    [InlineData(24, 48, 3, 1, 1, 0, false, 7)]
    [InlineData(8, 8, 1, 5, 2, 2, true, 11)]
    public void Implementations_AgreeBelowTolerance(int inChannels, int outChannels, int groups, int kernelSize, int stride, int padding, bool bias, int size)
    {
        torch.manual_seed(7);
        var spec = new GroupedConvolutionSpec(inChannels, outChannels, groups, kernelSize, stride, padding, bias);
        var implementations = GroupedConvolutionImplementations.CreateAll(spec);
        using var input = torch.randn(2, inChannels, size, size);

        var differences = OutputAgreement.Compare(implementations, input);

        Assert.Equal(2, differences.Count);
        Assert.All(differences, difference => Assert.InRange(difference.MaxAbsoluteDifference, 0.0, Tolerance));
        Assert.All(differences, difference => Assert.Equal(new long[] { 2, outChannels, spec.OutputSize(size), spec.OutputSize(size) }, difference.OutputShape));
        foreach (var implementation in implementations)
        {
            implementation.Dispose();
        }
    }

    [Fact]
    public void Implementations_HaveDifferentOutputsBeforeCopy()
    {
        // Guards the agreement test: independently initialized modules must not agree by accident.
        torch.manual_seed(7);
        var spec = new GroupedConvolutionSpec(16, 16, 4);
        using var native = new NativeGroupedConv2d(spec);
        using var split = new SplitConcatConv2d(spec);
        using var input = torch.randn(1, 16, 6, 6);

        using var expected = native.forward(input);
        using var actual = split.forward(input);

        Assert.True(OutputAgreement.MaxAbsoluteDifference(actual, expected) > 1e-2);
    }

    [Fact]
    public void Implementations_GradientsAgree()
    {
        torch.manual_seed(11);
        var spec = new GroupedConvolutionSpec(32, 32, 8, bias: true);
        var implementations = GroupedConvolutionImplementations.CreateAll(spec);
        var gradients = new List<torch.Tensor>();
        foreach (var implementation in implementations)
        {
            using var input = torch.randn(2, 32, 6, 6, generator: new torch.Generator(3)).requires_grad_(true);
            implementation.forward(input).pow(2).sum().backward();
            gradients.Add(input.grad!.clone());
        }

        Assert.InRange(OutputAgreement.MaxAbsoluteDifference(gradients[1], gradients[0]), 0.0, 1e-4);
        Assert.InRange(OutputAgreement.MaxAbsoluteDifference(gradients[2], gradients[0]), 0.0, 1e-4);
    }

    [Fact]
    public void MaskedDense_KeepsOffBlockWeightsZeroAfterStep()
    {
        torch.manual_seed(5);
        var spec = new GroupedConvolutionSpec(8, 8, 4);
        using var masked = new MaskedDenseConv2d(spec);
        using var optimizer = torch.optim.SGD(masked.parameters(), 0.1);
        using var input = torch.randn(2, 8, 5, 5);

        masked.forward(input).sum().backward();
        optimizer.step();

        // Off-block weights get zero gradient, so the grouped weight read back still reproduces the module.
        using var native = new NativeGroupedConv2d(spec);
        native.CopyWeightsFrom(masked);
        using var expected = native.forward(input);
        using var actual = masked.forward(input);
        Assert.InRange(OutputAgreement.MaxAbsoluteDifference(actual, expected), 0.0, Tolerance);
    }

    [Fact]
    public void MaskedDense_RegistersMaskAsBuffer()
    {
        using var masked = new MaskedDenseConv2d(new GroupedConvolutionSpec(8, 8, 4));

        Assert.Contains(masked.named_buffers(), buffer => buffer.name == "mask");
        Assert.Single(masked.parameters());
    }

    [Fact]
    public void LoadGroupedWeight_WrongShape_NamesBothShapes()
    {
        using var split = new SplitConcatConv2d(new GroupedConvolutionSpec(16, 16, 4));
        using var weight = torch.zeros(16, 16, 3, 3);

        var error = Assert.Throws<ArgumentException>(() => split.LoadGroupedWeight(weight, null));

        Assert.Contains("[16, 16, 3, 3]", error.Message);
        Assert.Contains("[16, 4, 3, 3]", error.Message);
    }

    [Fact]
    public void Forward_WrongChannels_NamesExpectedShape()
    {
        using var native = new NativeGroupedConv2d(new GroupedConvolutionSpec(16, 16, 4));
        using var input = torch.zeros(1, 12, 8, 8);

        var error = Assert.Throws<ArgumentException>(() => native.forward(input));

        Assert.Contains("[N, 16, H, W]", error.Message);
        Assert.Contains("[1, 12, 8, 8]", error.Message);
    }

    [Fact]
    public void ExecutedMacs_MaskedDenseDoesDenseWork()
    {
        var spec = new GroupedConvolutionSpec(128, 128, 32);
        using var native = new NativeGroupedConv2d(spec);
        using var masked = new MaskedDenseConv2d(spec);

        Assert.Equal(spec.MultiplyAccumulates(8, 56, 56), native.ExecutedMultiplyAccumulates(8, 56, 56));
        Assert.Equal(32 * spec.MultiplyAccumulates(8, 56, 56), masked.ExecutedMultiplyAccumulates(8, 56, 56));
    }

    [Fact]
    public void TruncatingSplit_DropsChannelsSilently()
    {
        using var truncating = new TruncatingSplitConv2d(filters: 100, groups: 32);
        using var input = torch.randn(1, 100, 8, 8);

        using var output = truncating.forward(input);

        Assert.Equal(3, truncating.ChannelsPerGroup);
        Assert.Equal(96, truncating.OutputChannels);
        Assert.Equal(4, truncating.DroppedChannels);
        Assert.Equal(new long[] { 1, 96, 8, 8 }, output.shape);
    }

    [Fact]
    public void TruncatingSplit_IgnoresLastInputChannels()
    {
        using var truncating = new TruncatingSplitConv2d(filters: 100, groups: 32);
        using var input = torch.randn(1, 100, 8, 8);
        using var changed = input.clone();
        changed.narrow(1, 96, 4).fill_(1000f);

        using var before = truncating.forward(input);
        using var after = truncating.forward(changed);

        Assert.Equal(0.0, OutputAgreement.MaxAbsoluteDifference(after, before));
    }
}
