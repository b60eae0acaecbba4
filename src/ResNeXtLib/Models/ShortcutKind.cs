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
}
