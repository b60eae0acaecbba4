using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.Models;

/// <summary>
/// The aggregated transformation of a ResNeXt block without its batch normalization and shortcut:
/// the sum over C paths of "1x1 convolution to d channels, ReLU, 3x3 convolution, ReLU, 1x1 convolution to the
/// output channels". Xie et al., "Aggregated Residual Transformations for Deep Neural Networks" (CVPR 2017),
/// Fig. 3, draws three equivalent ways to compute it; each subclass is one of them.
/// </summary>
/// <remarks>
/// Batch normalization is left out on purpose. It works per channel, so inside the paths a batch norm over C x d
/// channels equals C batch norms over d channels. But form (a) would normalize each path's output before the sum
/// with that path's own batch statistics, which differs from one batch norm after the sum as in forms (b) and (c).
/// </remarks>
public abstract class AggregatedTransformation : nn.Module<Tensor, Tensor>
{
    /// <summary>Checks the sizes and stores them. Subclasses build the layers.</summary>
    protected AggregatedTransformation(string name, int inChannels, int outChannels, int cardinality, int bottleneckWidth, int stride)
        : base(BlockConfiguration.RequireName(name))
    {
        BlockConfiguration.Validate(name, inChannels, outChannels, cardinality, bottleneckWidth, stride);
        InChannels = inChannels;
        OutChannels = outChannels;
        Cardinality = cardinality;
        BottleneckWidth = bottleneckWidth;
        Stride = stride;
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output.</summary>
    public int OutChannels { get; }

    /// <summary>The number of paths (groups) C.</summary>
    public int Cardinality { get; }

    /// <summary>Channels per path d.</summary>
    public int BottleneckWidth { get; }

    /// <summary>Stride of the 3x3 convolutions.</summary>
    public int Stride { get; }

    /// <summary>The number of weights in all convolutions. The three forms have the same count.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Returns the largest absolute element-wise difference between two tensors of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double MaxAbsoluteDifference(Tensor first, Tensor second)
    {
        if (!first.shape.SequenceEqual(second.shape))
        {
            throw new ArgumentException(
                $"Cannot compare tensors of shapes [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}]; pass two outputs for the same input.",
                nameof(second));
        }

        using var scope = NewDisposeScope();
        return (first - second).abs().max().ToDouble();
    }

    /// <summary>Builds one path's "1x1 to d, ReLU, 3x3 d to d, ReLU" with weights sliced from the grouped form.</summary>
    private protected static List<(string, nn.Module<Tensor, Tensor>)> BuildPathFront(GroupedConvolutionTransformation source, int path)
    {
        int d = source.BottleneckWidth;
        var conv1 = nn.Conv2d(source.InChannels, d, kernel_size: 1, bias: false);
        var conv2 = nn.Conv2d(d, d, kernel_size: 3, stride: source.Stride, padding: 1, bias: false);
        using (no_grad())
        {
            // Path i owns output channels [i*d, (i+1)*d) of the first 1x1 convolution and group i of the 3x3.
            conv1.weight!.copy_(source.Reduce.weight!.narrow(0, path * d, d));
            conv2.weight!.copy_(source.Grouped.weight!.narrow(0, path * d, d));
        }

        return [("conv1", conv1), ("relu1", nn.ReLU()), ("conv2", conv2), ("relu2", nn.ReLU())];
    }
}

/// <summary>
/// Form (c) of Fig. 3, the one ResNeXt uses: a 1x1 convolution to C x d channels, one 3x3 convolution with
/// <c>groups = C</c>, and a 1x1 convolution to the output channels.
/// </summary>
public sealed class GroupedConvolutionTransformation : AggregatedTransformation
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Conv2d conv3;

    /// <summary>Builds the three convolutions with TorchSharp's default random initialization.</summary>
    public GroupedConvolutionTransformation(int inChannels, int outChannels, int cardinality, int bottleneckWidth, int stride = 1)
        : base("grouped", inChannels, outChannels, cardinality, bottleneckWidth, stride)
    {
        int width = cardinality * bottleneckWidth;
        conv1 = nn.Conv2d(inChannels, width, kernel_size: 1, bias: false);
        conv2 = nn.Conv2d(width, width, kernel_size: 3, stride: stride, padding: 1, groups: cardinality, bias: false);
        conv3 = nn.Conv2d(width, outChannels, kernel_size: 1, bias: false);
        RegisterComponents();
    }

    /// <summary>The first 1x1 convolution, to C x d channels.</summary>
    public Conv2d Reduce => conv1;

    /// <summary>The 3x3 convolution with C groups.</summary>
    public Conv2d Grouped => conv2;

    /// <summary>The last 1x1 convolution, from C x d channels to the output channels.</summary>
    public Conv2d Expand => conv3;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(conv1.call(input));
        x = nn.functional.relu(conv2.call(x));
        return conv3.call(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
            conv3.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Form (a) of Fig. 3: C separate paths, each "1x1 to d, 3x3 d to d, 1x1 d to the output channels", whose
/// outputs are summed.
/// </summary>
public sealed class SeparatePathsTransformation : AggregatedTransformation
{
    private readonly ModuleList<Sequential> paths;

    /// <summary>Builds the paths with weights copied from <paramref name="source"/>, so both compute the same function.</summary>
    public SeparatePathsTransformation(GroupedConvolutionTransformation source)
        : base("separate paths", source.InChannels, source.OutChannels, source.Cardinality, source.BottleneckWidth, source.Stride)
    {
        int d = source.BottleneckWidth;
        var built = new List<Sequential>();
        for (int path = 0; path < source.Cardinality; path++)
        {
            var front = BuildPathFront(source, path);
            var conv3 = nn.Conv2d(d, source.OutChannels, kernel_size: 1, bias: false);
            using (no_grad())
            {
                // Path i reads input channels [i*d, (i+1)*d) of the last 1x1 convolution.
                conv3.weight!.copy_(source.Expand.weight!.narrow(1, path * d, d));
            }

            front.Add(("conv3", conv3));
            built.Add(nn.Sequential(front));
        }

        paths = nn.ModuleList(built.ToArray());
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var sum = paths[0].call(input);
        for (int path = 1; path < paths.Count; path++)
        {
            sum = sum + paths[path].call(input);
        }

        return sum.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            paths.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Form (b) of Fig. 3: C paths of "1x1 to d, 3x3 d to d" whose outputs are concatenated into C x d channels,
/// followed by one 1x1 convolution to the output channels.
/// </summary>
public sealed class EarlyConcatenationTransformation : AggregatedTransformation
{
    private readonly ModuleList<Sequential> paths;
    private readonly Conv2d conv3;

    /// <summary>Builds the paths and the shared 1x1 convolution with weights copied from <paramref name="source"/>.</summary>
    public EarlyConcatenationTransformation(GroupedConvolutionTransformation source)
        : base("early concatenation", source.InChannels, source.OutChannels, source.Cardinality, source.BottleneckWidth, source.Stride)
    {
        var built = new List<Sequential>();
        for (int path = 0; path < source.Cardinality; path++)
        {
            built.Add(nn.Sequential(BuildPathFront(source, path)));
        }

        paths = nn.ModuleList(built.ToArray());
        conv3 = nn.Conv2d(source.Cardinality * source.BottleneckWidth, source.OutChannels, kernel_size: 1, bias: false);
        using (no_grad())
        {
            conv3.weight!.copy_(source.Expand.weight!);
        }

        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var pathOutputs = paths.Select(path => path.call(input)).ToArray();
        return conv3.call(cat(pathOutputs, dim: 1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            paths.Dispose();
            conv3.Dispose();
        }

        base.Dispose(disposing);
    }
}
