using ResNeXtLib.Models;

namespace ResNeXtLib.Tests.Shortcuts;

[Collection(TorchCollection.Name)]
public class ShortcutOverridesTests
{
    [Fact]
    public void Default_EveryBlockAuto()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        Assert.Empty(model.Config.ShortcutOverrides);
        Assert.All(model.Blocks, block => Assert.Equal(ShortcutKind.Auto, block.Shortcut));
    }

    [Fact]
    public void WithFirstBlockShortcuts_SetsOnlyFirstBlocks()
    {
        var config = ResNeXtConfig.ResNeXt50_32x4d().WithFirstBlockShortcuts(ShortcutKind.ForcedIdentity);
        using var model = new ResNeXt(config);

        var forced = model.Blocks.Where(block => block.Shortcut == ShortcutKind.ForcedIdentity).Select(block => block.GetName());
        Assert.Equal(new[] { "layer1.0", "layer2.0", "layer3.0", "layer4.0" }, forced);
        Assert.All(model.Blocks, block => Assert.False(block.HasProjection));
    }

    [Fact]
    public void WithShortcut_UnknownBlock_Rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ResNeXtConfig.FashionMnistSmall().WithShortcut("layer4.0", ShortcutKind.Identity));

        Assert.Contains("layer4.0", error.Message);
        Assert.Contains("layer1.0, layer2.0, layer3.0", error.Message);
    }

    [Fact]
    public void Constructor_UnknownOverride_Rejected()
    {
        var config = ResNeXtConfig.FashionMnistSmall() with
        {
            ShortcutOverrides = new Dictionary<string, ShortcutKind> { ["layer1.3"] = ShortcutKind.Projection },
        };

        var error = Assert.Throws<ArgumentException>(() => new ResNeXt(config));

        Assert.Contains("layer1.3", error.Message);
    }

    [Fact]
    public void IdentityOverride_ShapeChange_RejectedWithBlockName()
    {
        var config = ResNeXtConfig.FashionMnistSmall().WithShortcut("layer2.0", ShortcutKind.Identity);

        var error = Assert.Throws<ArgumentException>(() => new ResNeXt(config));

        Assert.Contains("Block layer2.0", error.Message);
    }
}
