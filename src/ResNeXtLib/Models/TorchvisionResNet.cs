namespace ResNeXtLib.Models;

/// <summary>One stage's widths as torchvision's <c>Bottleneck</c> computes them.</summary>
/// <param name="Stage">The stage name, layer1 to layer4.</param>
/// <param name="Planes">torchvision's <c>planes</c>: 64, 128, 256, 512.</param>
/// <param name="Cardinality">The number of groups C.</param>
/// <param name="ChannelsPerGroup">d = <c>int(planes * width_per_group / 64)</c>.</param>
/// <param name="GroupedWidth">Channels of the grouped 3x3 convolution, C x d.</param>
/// <param name="OutChannels">Block output channels, <c>planes * 4</c>.</param>
public sealed record StageWidth(string Stage, int Planes, int Cardinality, int ChannelsPerGroup, int GroupedWidth, int OutChannels);

/// <summary>
/// Builds <see cref="ResNeXtConfig"/>s the way torchvision 0.14's <c>models/resnet.py</c> builds its bottleneck
/// networks: a 7x7 stem with 64 channels, max pooling, four stages with <c>planes</c> 64, 128, 256 and 512 (stride 2
/// from the second stage on), and in every block a grouped width of <c>int(planes * width_per_group / 64) * groups</c>
/// and <c>planes * 4</c> output channels.
/// </summary>
public static class TorchvisionResNet
{
    /// <summary>The ratio of a bottleneck block's output channels to its <c>planes</c>.</summary>
    public const int Expansion = 4;

    /// <summary>torchvision's <c>planes</c> of the four stages.</summary>
    public static readonly IReadOnlyList<int> StagePlanes = [64, 128, 256, 512];

    /// <summary>Computes each stage's widths for <paramref name="groups"/> and <paramref name="widthPerGroup"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive, or a stage would get 0 channels per group.</exception>
    public static IReadOnlyList<StageWidth> StageWidths(int groups, int widthPerGroup)
    {
        if (groups <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"groups is {groups}; it must be at least 1 (1 for ResNet-50, 32 for ResNeXt-50 32x4d).");
        }

        if (widthPerGroup <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(widthPerGroup), widthPerGroup, $"width_per_group is {widthPerGroup}; it must be at least 1 (64 for ResNet-50, 4 for ResNeXt-50 32x4d).");
        }

        var stages = new List<StageWidth>();
        for (int i = 0; i < StagePlanes.Count; i++)
        {
            int planes = StagePlanes[i];

            // Integer division, as Python's int() on a positive quotient.
            int channelsPerGroup = planes * widthPerGroup / 64;
            if (channelsPerGroup == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(widthPerGroup), widthPerGroup,
                    $"Stage layer{i + 1} would get int({planes} * {widthPerGroup} / 64) = 0 channels per group; use width_per_group of at least {(64 + planes - 1) / planes}.");
            }

            stages.Add(new StageWidth($"layer{i + 1}", planes, groups, channelsPerGroup, channelsPerGroup * groups, planes * Expansion));
        }

        return stages;
    }

    /// <summary>Builds the configuration of torchvision's <c>ResNet(Bottleneck, layers, groups, width_per_group)</c>.</summary>
    /// <param name="name">A display name.</param>
    /// <param name="layers">Blocks per stage, for example 3, 4, 6, 3 for the 50-layer networks.</param>
    /// <param name="groups">The cardinality C.</param>
    /// <param name="widthPerGroup">torchvision's <c>width_per_group</c>: channels per group in the first stage.</param>
    /// <param name="numClasses">Outputs of the final fully connected layer.</param>
    public static ResNeXtConfig Config(string name, IReadOnlyList<int> layers, int groups, int widthPerGroup, int numClasses = 1000)
    {
        if (layers.Count != StagePlanes.Count)
        {
            throw new ArgumentException($"layers has {layers.Count} entries; torchvision's ResNet has exactly {StagePlanes.Count} stages, for example [3, 4, 6, 3].", nameof(layers));
        }

        var widths = StageWidths(groups, widthPerGroup);
        var stages = widths
            .Select((stage, i) => new StageSpec(Blocks: layers[i], BottleneckWidth: stage.ChannelsPerGroup, OutChannels: stage.OutChannels, Stride: i == 0 ? 1 : 2))
            .ToList();

        return new ResNeXtConfig(
            Name: name,
            InputChannels: 3,
            InputSize: 224,
            StemChannels: 64,
            StemKernelSize: 7,
            StemStride: 2,
            StemMaxPool: true,
            Cardinality: groups,
            Stages: stages,
            NumClasses: numClasses);
    }

    /// <summary>ResNet-50 as torchvision's <c>resnet50</c>: groups 1, width_per_group 64, so the bottleneck width equals <c>planes</c>.</summary>
    public static ResNeXtConfig ResNet50(int numClasses = 1000) => Config("ResNet-50", [3, 4, 6, 3], groups: 1, widthPerGroup: 64, numClasses);

    /// <summary>ResNeXt-50 (32x4d) as torchvision's <c>resnext50_32x4d</c>: groups 32, width_per_group 4.</summary>
    public static ResNeXtConfig ResNeXt50_32x4d(int numClasses = 1000) => Config("ResNeXt-50 (32x4d)", [3, 4, 6, 3], groups: 32, widthPerGroup: 4, numClasses);
}
