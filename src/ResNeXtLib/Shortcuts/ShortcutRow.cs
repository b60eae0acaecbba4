using ResNeXtLib.Models;

namespace ResNeXtLib.Shortcuts;

/// <summary>One block's shapes at its residual add, computed by <see cref="ShortcutCheck"/> without a forward pass.</summary>
/// <param name="Block">The block.</param>
/// <param name="StageNumber">The stage, counted from 1 (stage 1 is <c>layer1</c>).</param>
/// <param name="BlockIndex">The block's zero-based index within its stage, as in its name <c>layerS.I</c>.</param>
/// <param name="BlocksInStage">The number of blocks in the stage.</param>
/// <param name="InputShape">Shape of the block input.</param>
/// <param name="MainShape">Shape of the main branch (conv1 to bn3) before the residual add.</param>
/// <param name="ShortcutShape">Shape of the shortcut branch before the residual add.</param>
public sealed record ShortcutRow(
    ResNeXtBlock Block,
    int StageNumber,
    int BlockIndex,
    int BlocksInStage,
    long[] InputShape,
    long[] MainShape,
    long[] ShortcutShape)
{
    /// <summary>The block's name, for example <c>layer2.0</c>.</summary>
    public string Name => Block.GetName();

    /// <summary>True when both branches have the same shape, so the residual add works.</summary>
    public bool AddsCleanly => MainShape.SequenceEqual(ShortcutShape);

    /// <summary>What the shortcut branch is, for example "identity" or "projection (1x1, stride 2)".</summary>
    public string ShortcutDescription =>
        Block.HasProjection ? $"projection (1x1, stride {Block.ShortcutStride})" : "identity";

    /// <summary>Where the block sits, for example "the first block of stage 2" or "block 3 of 6 in stage 3".</summary>
    public string Position =>
        BlockIndex == 0 ? $"the first block of stage {StageNumber}" : $"block {BlockIndex + 1} of {BlocksInStage} in stage {StageNumber}";
}
