namespace ResNeXtLib.Models;

/// <summary>How a residual block's shortcut branch is built.</summary>
public enum ShortcutKind
{
    /// <summary>A projection shortcut where the block changes the channel count or has stride above 1, the identity otherwise.</summary>
    Auto,

    /// <summary>The block input itself; a block that changes the channel count or has stride above 1 rejects it when built.</summary>
    Identity,

    /// <summary>
    /// The block input itself, whatever the shapes. On a block that changes channels or stride the residual add
    /// then fails at run time. Only the teaching notebook builds such a block, on purpose.
    /// </summary>
    ForcedIdentity,

    /// <summary>A 1x1 convolution with the block's stride plus batch normalization, even where the identity would fit.</summary>
    Projection,

    /// <summary>
    /// A flawed fix, kept to demonstrate it: a 1x1 convolution with stride 1 plus batch normalization when the
    /// channel counts differ, the identity otherwise. It ignores the block's stride, so on a stride-2 block the
    /// shortcut keeps the input's height and width and the residual add fails. Use <see cref="Auto"/> instead.
    /// </summary>
    ChannelOnlyProjection,
}
