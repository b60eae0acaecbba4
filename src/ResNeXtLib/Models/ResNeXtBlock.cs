using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.Models;

/// <summary>
/// The ResNeXt bottleneck block: a 1x1 convolution to <c>cardinality x bottleneck width</c> channels, a 3x3
/// grouped convolution with <c>groups = cardinality</c> (carrying the block's stride), a 1x1 convolution to the
/// output channels, each followed by batch normalization, and ReLU after the residual add.
/// </summary>
/// <remarks>
/// Submodule names follow torchvision's <c>Bottleneck</c> (conv1, bn1, conv2, bn2, conv3, bn3,
/// downsample.0, downsample.1) so state-dict keys match its <c>resnext50_32x4d</c>. As there, the stride sits
/// on the 3x3 convolution (the layout torchvision calls ResNet v1.5).
/// </remarks>
public sealed class ResNeXtBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    /// <summary>Builds a block and checks its configuration.</summary>
    /// <param name="name">A name for messages, for example <c>layer2.0</c>.</param>
    /// <param name="inChannels">Channels of the block input.</param>
    /// <param name="outChannels">Channels of the block output.</param>
    /// <param name="cardinality">The number of groups (paths) C of the 3x3 convolution.</param>
    /// <param name="bottleneckWidth">Channels per group d, so the grouped convolution has C x d channels.</param>
    /// <param name="stride">1, or 2 to halve the height and width.</param>
    /// <param name="shortcut">How to build the shortcut; see <see cref="ShortcutKind"/>.</param>
    /// <exception cref="ArgumentException">A size is not positive, the stride is not 1 or 2, or an identity shortcut is requested on a block that changes shape.</exception>
    public ResNeXtBlock(string name, int inChannels, int outChannels, int cardinality, int bottleneckWidth, int stride = 1, ShortcutKind shortcut = ShortcutKind.Auto)
        : base(BlockConfiguration.RequireName(name))
    {
        BlockConfiguration.Validate(name, inChannels, outChannels, cardinality, bottleneckWidth, stride);

        InChannels = inChannels;
        OutChannels = outChannels;
        Cardinality = cardinality;
        BottleneckWidth = bottleneckWidth;
        Stride = stride;
        int width = cardinality * bottleneckWidth;

        conv1 = nn.Conv2d(inChannels, width, kernel_size: 1, bias: false);
        bn1 = nn.BatchNorm2d(width);
        conv2 = nn.Conv2d(width, width, kernel_size: 3, stride: stride, padding: 1, groups: cardinality, bias: false);
        bn2 = nn.BatchNorm2d(width);
        conv3 = nn.Conv2d(width, outChannels, kernel_size: 1, bias: false);
        bn3 = nn.BatchNorm2d(outChannels);

        bool shapeChanges = inChannels != outChannels || stride != 1;
        if (shortcut == ShortcutKind.Identity && shapeChanges)
        {
            throw new ArgumentException(
                $"Block {name}: an identity shortcut cannot be added to this block's output, because the shortcut would have shape [N, {inChannels}, H, W] " +
                $"and the main branch [N, {outChannels}, {(stride == 1 ? "H, W" : $"H/{stride}, W/{stride}")}]. " +
                $"Use ShortcutKind.Auto or ShortcutKind.Projection (a 1x1 convolution with stride {stride} plus batch normalization).",
                nameof(shortcut));
        }

        Shortcut = shortcut;
        ChangesShape = shapeChanges;
        HasProjection = shortcut switch
        {
            ShortcutKind.Projection => true,
            ShortcutKind.Identity or ShortcutKind.ForcedIdentity => false,
            ShortcutKind.ChannelOnlyProjection => inChannels != outChannels,
            _ => shapeChanges,
        };
        ShortcutStride = HasProjection && shortcut != ShortcutKind.ChannelOnlyProjection ? stride : 1;

        if (HasProjection)
        {
            downsample = nn.Sequential(
                ("0", nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: ShortcutStride, bias: false)),
                ("1", nn.BatchNorm2d(outChannels)));
        }

        RegisterComponents();
    }

    /// <summary>Channels of the block input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the block output.</summary>
    public int OutChannels { get; }

    /// <summary>The number of groups C of the 3x3 convolution.</summary>
    public int Cardinality { get; }

    /// <summary>Channels per group d of the 3x3 convolution.</summary>
    public int BottleneckWidth { get; }

    /// <summary>Stride of the 3x3 convolution and of the projection shortcut.</summary>
    public int Stride { get; }

    /// <summary>True when the shortcut is a 1x1 convolution plus batch normalization rather than the identity.</summary>
    public bool HasProjection { get; }

    /// <summary>The shortcut kind the block was built with.</summary>
    public ShortcutKind Shortcut { get; }

    /// <summary>Stride of the shortcut branch: the block's stride for a projection, 1 for the identity and for <see cref="ShortcutKind.ChannelOnlyProjection"/>.</summary>
    public int ShortcutStride { get; }

    /// <summary>True when the block's output shape differs from its input shape (other channel count or stride above 1).</summary>
    public bool ChangesShape { get; }

    /// <summary>The last batch normalization of the main branch; set its weight to zero to start the block as the identity.</summary>
    public BatchNorm2d LastBatchNorm => bn3;

    /// <summary>Output shape of the block for an input of shape <c>[N, C, H, W]</c>.</summary>
    public long[] OutputShape(long[] inputShape) =>
        [inputShape[0], OutChannels, ConvolutionOutputSize(inputShape[2]), ConvolutionOutputSize(inputShape[3])];

    /// <summary>Shape of the shortcut branch for an input of shape <c>[N, C, H, W]</c>, before the residual add.</summary>
    public long[] ShortcutShape(long[] inputShape) =>
        HasProjection
            ? [inputShape[0], OutChannels, (inputShape[2] - 1) / ShortcutStride + 1, (inputShape[3] - 1) / ShortcutStride + 1]
            : (long[])inputShape.Clone();

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();

        var main = nn.functional.relu(bn1.call(conv1.call(input)));
        main = nn.functional.relu(bn2.call(conv2.call(main)));
        main = bn3.call(conv3.call(main));

        var shortcut = downsample is null ? input : downsample.call(input);
        return nn.functional.relu(main.add_(shortcut)).MoveToOuterDisposeScope();
    }

    // A 3x3 convolution with padding 1, or a 1x1 convolution without padding, at this stride.
    private long ConvolutionOutputSize(long size) => (size - 1) / Stride + 1;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            conv2.Dispose();
            bn2.Dispose();
            conv3.Dispose();
            bn3.Dispose();
            downsample?.Dispose();
        }

        base.Dispose(disposing);
    }
}
