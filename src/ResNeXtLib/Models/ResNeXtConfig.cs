namespace ResNeXtLib.Models;

/// <summary>Hyperparameters of a whole ResNeXt network.</summary>
/// <param name="Name">A display name, for example "ResNeXt-50 (32x4d)".</param>
/// <param name="InputChannels">Channels of the input images: 1 for grey, 3 for colour.</param>
/// <param name="InputSize">Height and width the network is designed for, in pixels.</param>
/// <param name="StemChannels">Output channels of the first convolution.</param>
/// <param name="StemKernelSize">Kernel size of the first convolution (7 in ResNeXt-50).</param>
/// <param name="StemStride">Stride of the first convolution.</param>
/// <param name="StemMaxPool">Whether a 3x3 max pooling with stride 2 follows the first convolution.</param>
/// <param name="Cardinality">The number of groups C in every grouped convolution.</param>
/// <param name="Stages">The stages, in order; they become layer1, layer2, ...</param>
/// <param name="NumClasses">Outputs of the final fully connected layer.</param>
/// <param name="ZeroInitLastBatchNorm">Start every block's last batch normalization at weight zero, so each block starts as the identity.</param>
public sealed record ResNeXtConfig(
    string Name,
    int InputChannels,
    int InputSize,
    int StemChannels,
    int StemKernelSize,
    int StemStride,
    bool StemMaxPool,
    int Cardinality,
    IReadOnlyList<StageSpec> Stages,
    int NumClasses,
    bool ZeroInitLastBatchNorm = false)
{
    /// <summary>
    /// ResNeXt-50 (32x4d) for 3x224x224 images and 1,000 classes, as in Xie et al., "Aggregated Residual
    /// Transformations for Deep Neural Networks" (2017), and torchvision's <c>resnext50_32x4d</c>.
    /// </summary>
    public static ResNeXtConfig ResNeXt50_32x4d(int numClasses = 1000) => new(
        Name: "ResNeXt-50 (32x4d)",
        InputChannels: 3,
        InputSize: 224,
        StemChannels: 64,
        StemKernelSize: 7,
        StemStride: 2,
        StemMaxPool: true,
        Cardinality: 32,
        Stages:
        [
            new StageSpec(Blocks: 3, BottleneckWidth: 4, OutChannels: 256, Stride: 1),
            new StageSpec(Blocks: 4, BottleneckWidth: 8, OutChannels: 512, Stride: 2),
            new StageSpec(Blocks: 6, BottleneckWidth: 16, OutChannels: 1024, Stride: 2),
            new StageSpec(Blocks: 3, BottleneckWidth: 32, OutChannels: 2048, Stride: 2),
        ],
        NumClasses: numClasses);

    /// <summary>
    /// A small ResNeXt for 1x28x28 images (Fashion-MNIST) that trains on two CPU cores in minutes.
    /// A 3x3 stem with stride 2 takes 28x28 to 14x14. Three one-block stages of cardinality 8 follow, with
    /// bottleneck widths 4, 8 and 16 (64, 128 and 256 output channels) and stride 2 only in the second stage.
    /// The network has 137,322 parameters.
    /// </summary>
    /// <remarks>
    /// Downsampling in the stem made it 3.7 times faster to train than the same stages at full resolution on two CPU cores.
    /// docs/benchmarks.md has the measured alternatives.
    /// </remarks>
    public static ResNeXtConfig FashionMnistSmall(int numClasses = 10) => new(
        Name: "ResNeXt-Small (8x4d, 28x28)",
        InputChannels: 1,
        InputSize: 28,
        StemChannels: 32,
        StemKernelSize: 3,
        StemStride: 2,
        StemMaxPool: false,
        Cardinality: 8,
        Stages:
        [
            new StageSpec(Blocks: 1, BottleneckWidth: 4, OutChannels: 64, Stride: 1),
            new StageSpec(Blocks: 1, BottleneckWidth: 8, OutChannels: 128, Stride: 2),
            new StageSpec(Blocks: 1, BottleneckWidth: 16, OutChannels: 256, Stride: 1),
        ],
        NumClasses: numClasses,
        ZeroInitLastBatchNorm: true);

    private static readonly IReadOnlyDictionary<string, ShortcutKind> NoShortcutOverrides = new Dictionary<string, ShortcutKind>();

    /// <summary>
    /// Shortcut kinds by block name (for example <c>layer2.0</c>) for blocks that should not use
    /// <see cref="ShortcutKind.Auto"/>. Empty by default; notebook 03 uses it to build broken networks on purpose.
    /// </summary>
    public IReadOnlyDictionary<string, ShortcutKind> ShortcutOverrides { get; init; } = NoShortcutOverrides;

    /// <summary>Returns the name of a block as it appears in state-dict keys: <c>layer{stage + 1}.{block}</c>, both indices zero-based.</summary>
    public static string BlockName(int stageIndex, int blockIndex) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"layer{stageIndex + 1}.{blockIndex}");

    /// <summary>The names of every block, stage by stage.</summary>
    public IEnumerable<string> BlockNames =>
        Stages.SelectMany((stage, stageIndex) => Enumerable.Range(0, stage.Blocks).Select(blockIndex => BlockName(stageIndex, blockIndex)));

    /// <summary>Returns the shortcut kind the named block is built with: its override, or <see cref="ShortcutKind.Auto"/>.</summary>
    public ShortcutKind ShortcutFor(string blockName) =>
        ShortcutOverrides.TryGetValue(blockName, out var kind) ? kind : ShortcutKind.Auto;

    /// <summary>Returns a copy of this configuration in which the named block uses <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">No block has that name.</exception>
    public ResNeXtConfig WithShortcut(string blockName, ShortcutKind kind)
    {
        var overrides = new Dictionary<string, ShortcutKind>(ShortcutOverrides) { [blockName] = kind };
        var changed = this with { ShortcutOverrides = overrides };
        changed.ValidateShortcutOverrides();
        return changed;
    }

    /// <summary>Returns a copy of this configuration in which the first block of every stage uses <paramref name="kind"/>.</summary>
    public ResNeXtConfig WithFirstBlockShortcuts(ShortcutKind kind)
    {
        var overrides = new Dictionary<string, ShortcutKind>(ShortcutOverrides);
        for (int stageIndex = 0; stageIndex < Stages.Count; stageIndex++)
        {
            overrides[BlockName(stageIndex, 0)] = kind;
        }

        return this with { ShortcutOverrides = overrides };
    }

    /// <summary>Throws an <see cref="ArgumentException"/> when <see cref="ShortcutOverrides"/> names a block this configuration does not have.</summary>
    public void ValidateShortcutOverrides()
    {
        var names = BlockNames.ToHashSet(StringComparer.Ordinal);
        var unknown = ShortcutOverrides.Keys.Where(name => !names.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"{Name}: the shortcut override for {string.Join(", ", unknown)} names no block of this network. " +
                $"Use one of the block names {string.Join(", ", BlockNames)}.",
                nameof(ShortcutOverrides));
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting, its value and a valid alternative.</summary>
    public ResNeXtConfig Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Name), nameof(Name), Name, "a display name such as \"ResNeXt-50 (32x4d)\"");
        Require(InputChannels >= 1, nameof(InputChannels), InputChannels, "1 for grey images or 3 for colour");
        Require(InputSize >= 1, nameof(InputSize), InputSize, "the image height and width in pixels, for example 28 or 224");
        Require(StemChannels >= 1, nameof(StemChannels), StemChannels, "at least 1, for example 64");
        Require(StemKernelSize >= 1 && StemKernelSize % 2 == 1, nameof(StemKernelSize), StemKernelSize, "an odd size such as 3 or 7");
        Require(StemStride is 1 or 2, nameof(StemStride), StemStride, "1 or 2");
        Require(Cardinality >= 1, nameof(Cardinality), Cardinality, "at least 1, for example 32");
        Require(NumClasses >= 1, nameof(NumClasses), NumClasses, "the number of classes, for example 10 for Fashion-MNIST");
        Require(Stages is { Count: > 0 }, nameof(Stages), Stages?.Count ?? 0, "at least one stage");
        for (int index = 0; index < Stages!.Count; index++)
        {
            Require(Stages[index].Blocks >= 1, $"Stages[{index}].Blocks", Stages[index].Blocks, "at least 1 block per stage");
        }

        return this;
    }

    private void Require(bool valid, string setting, object? value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentException($"ResNeXt configuration \"{Name}\": {setting} is {value ?? "null"}; use {expected}.", setting);
        }
    }

    /// <summary>The total factor by which the network shrinks height and width before global pooling.</summary>
    public int Downsampling =>
        StemStride * (StemMaxPool ? 2 : 1) * Stages.Aggregate(1, (product, stage) => product * stage.Stride);
}
