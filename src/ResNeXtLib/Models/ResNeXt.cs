using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.Models;

/// <summary>
/// A ResNeXt network built from a <see cref="ResNeXtConfig"/>: stem (conv1, bn1, ReLU, optional max pooling),
/// stages layer1, layer2, ... of <see cref="ResNeXtBlock"/>, global average pooling and a fully connected layer fc.
/// </summary>
/// <remarks>Module names match torchvision's ResNet family, so a state dict saved from PyTorch has the same keys.</remarks>
public sealed class ResNeXt : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d? maxpool;
    private readonly List<ResNeXtBlock> blocks = new();
    private readonly Linear fc;

    /// <summary>Builds the network and initializes weights the way torchvision does (Kaiming normal for convolutions).</summary>
    /// <exception cref="ArgumentException"><see cref="ResNeXtConfig.ShortcutOverrides"/> names an unknown block, or a block's sizes are invalid.</exception>
    public ResNeXt(ResNeXtConfig config) : base(config.Validate().Name)
    {
        config.ValidateShortcutOverrides();
        Config = config;
        conv1 = nn.Conv2d(config.InputChannels, config.StemChannels, kernel_size: config.StemKernelSize,
            stride: config.StemStride, padding: config.StemKernelSize / 2, bias: false);
        bn1 = nn.BatchNorm2d(config.StemChannels);
        maxpool = config.StemMaxPool ? nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1) : null;

        var stages = new List<Sequential>();
        int channels = config.StemChannels;
        for (int stageIndex = 0; stageIndex < config.Stages.Count; stageIndex++)
        {
            var spec = config.Stages[stageIndex];
            var stageBlocks = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (int blockIndex = 0; blockIndex < spec.Blocks; blockIndex++)
            {
                string name = ResNeXtConfig.BlockName(stageIndex, blockIndex);
                var block = new ResNeXtBlock(
                    name: name,
                    inChannels: channels,
                    outChannels: spec.OutChannels,
                    cardinality: config.Cardinality,
                    bottleneckWidth: spec.BottleneckWidth,
                    stride: blockIndex == 0 ? spec.Stride : 1,
                    shortcut: config.ShortcutFor(name));
                stageBlocks.Add((blockIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
                blocks.Add(block);
                channels = spec.OutChannels;
            }

            stages.Add(nn.Sequential(stageBlocks));
        }

        Stages = stages;
        fc = nn.Linear(channels, config.NumClasses);

        // Registered by hand so that parameters come in torchvision's order: conv1, bn1, layer1, ..., fc.
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        for (int i = 0; i < stages.Count; i++)
        {
            register_module($"layer{i + 1}", stages[i]);
        }

        register_module("fc", fc);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The configuration the network was built from.</summary>
    public ResNeXtConfig Config { get; }

    /// <summary>The stages layer1, layer2, ... in order.</summary>
    public IReadOnlyList<Sequential> Stages { get; }

    /// <summary>Every block of every stage, in order.</summary>
    public IReadOnlyList<ResNeXtBlock> Blocks => blocks;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        InputChecks.RequireImageBatch(input, Config);
        using var scope = NewDisposeScope();

        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        if (maxpool is not null)
        {
            x = maxpool.call(x);
        }

        foreach (var stage in Stages)
        {
            x = stage.call(x);
        }

        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }

    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    nn.init.ones_(norm.weight);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }

        if (Config.ZeroInitLastBatchNorm)
        {
            foreach (var block in blocks)
            {
                nn.init.zeros_(block.LastBatchNorm.weight);
            }
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            maxpool?.Dispose();
            foreach (var stage in Stages)
            {
                stage.Dispose();
            }

            fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
