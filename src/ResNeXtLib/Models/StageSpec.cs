namespace ResNeXtLib.Models;

/// <summary>One stage of a ResNeXt: a run of blocks of which only the first changes channels or spatial size.</summary>
/// <param name="Blocks">The number of blocks in the stage.</param>
/// <param name="BottleneckWidth">Channels per group d in this stage's grouped convolutions.</param>
/// <param name="OutChannels">Output channels of every block of the stage.</param>
/// <param name="Stride">Stride of the stage's first block: 1 or 2.</param>
public sealed record StageSpec(int Blocks, int BottleneckWidth, int OutChannels, int Stride);
