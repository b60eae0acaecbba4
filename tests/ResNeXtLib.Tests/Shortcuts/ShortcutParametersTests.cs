using ResNeXtLib.Models;
using ResNeXtLib.Shortcuts;

namespace ResNeXtLib.Tests.Shortcuts;

[Collection(TorchCollection.Name)]
public class ShortcutParametersTests
{
    [Fact]
    public void ResNeXt50_ProjectionCountsPerFirstBlock()
    {
        // Closed form: in x out weights of the bias-free 1x1 convolution, 2 x out for its batch norm's weight and bias.
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        var rows = ShortcutParameters.Compare(model);

        Assert.Equal(new[] { "layer1.0", "layer2.0", "layer3.0", "layer4.0" }, rows.Select(row => row.Name));
        Assert.Equal(new long[] { 16_384, 131_072, 524_288, 2_097_152 }, rows.Select(row => row.ProjectionWeights));
        Assert.Equal(new long[] { 512, 1_024, 2_048, 4_096 }, rows.Select(row => row.ProjectionBatchNormParameters));
        Assert.All(rows, row => Assert.Equal(0, row.ZeroPaddingParameters));
    }

    [Fact]
    public void Format_ListsCountsAndTotal()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        string table = ShortcutParameters.Format(ShortcutParameters.Compare(model));

        Assert.Contains("layer1.0  64 -> 256", table);
        Assert.Contains("16,384", table);
        Assert.Contains("2,097,152", table);

        // 2,768,896 convolution weights plus 7,680 batch-norm parameters.
        Assert.Matches(@"total\s+2,768,896\s+7,680\s+2,776,576\s+0", table);
    }

    [Fact]
    public void BrokenNetwork_Rejected()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall().WithShortcut("layer2.0", ShortcutKind.ForcedIdentity));

        var error = Assert.Throws<ArgumentException>(() => ShortcutParameters.Compare(model));

        Assert.Contains("layer2.0", error.Message);
        Assert.Contains("ShortcutKind.ForcedIdentity", error.Message);
    }
}
