using ResNeXtLib.Models;
using TorchSharp;

namespace ResNeXtLib.Tests.Models;

[Collection(TorchCollection.Name)]
public class ResNeXtTests
{
    private static long ParameterCount(torch.nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void ResNeXt50_MatchesTorchvisionParameterCount()
    {
        // torchvision.models.resnext50_32x4d(): sum(p.numel() for p in model.parameters()) == 25,028,904.
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        Assert.Equal(25_028_904, ParameterCount(model));
    }

    [Fact]
    public void ResNeXt50_ProjectionOnlyInFirstBlockOfEachStage()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        var projected = model.Blocks.Where(b => b.HasProjection).Select(b => b.GetName()).ToList();

        Assert.Equal(new[] { "layer1.0", "layer2.0", "layer3.0", "layer4.0" }, projected);
        Assert.Equal(16, model.Blocks.Count);
    }

    [Fact]
    public void ResNeXt50_StateDictKeysFollowTorchvision()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        var keys = model.state_dict().Keys.ToList();

        Assert.Equal("conv1.weight", keys[0]);
        Assert.Contains("layer1.0.downsample.0.weight", keys);
        Assert.Contains("layer4.2.bn3.running_var", keys);
        Assert.Contains("fc.bias", keys);
        Assert.DoesNotContain(keys, key => key.StartsWith("blocks", StringComparison.Ordinal));
    }

    [Fact]
    public void FashionMnistSmall_OutputsTenLogits()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        using var input = torch.randn(3, 1, 28, 28);

        using var output = model.forward(input);

        Assert.Equal(new long[] { 3, 10 }, output.shape);
    }

    [Fact]
    public void WrongChannelCount_RejectedBeforeForward()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        using var input = torch.randn(2, 3, 28, 28);

        var error = Assert.Throws<ArgumentException>(() => model.forward(input));

        Assert.Contains("[N, 1, H, W]", error.Message);
        Assert.Contains("3 channels", error.Message);
    }

    [Fact]
    public void MissingBatchDimension_SuggestsUnsqueeze()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        using var input = torch.randn(1, 28, 28);

        var error = Assert.Throws<ArgumentException>(() => model.forward(input));

        Assert.Contains("unsqueeze(0)", error.Message);
    }

    [Fact]
    public void TooSmallImage_RejectedWithMinimum()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());
        using var input = torch.randn(1, 3, 16, 16);

        var error = Assert.Throws<ArgumentException>(() => model.forward(input));

        Assert.Contains("at least 32", error.Message);
    }
}

[Collection(TorchCollection.Name)]
public class BlockTableTests
{
    [Fact]
    public void ResNeXt50_OneRowPerBlock_FourProjections()
    {
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());

        var lines = BlockTable.Format(model.Blocks).TrimEnd().Split(Environment.NewLine);

        Assert.StartsWith("block", lines[0]);
        Assert.Equal(1 + 16, lines.Length);
        Assert.Equal(4, lines.Count(line => line.EndsWith("projection", StringComparison.Ordinal)));
        Assert.Equal(12, lines.Count(line => line.EndsWith("identity", StringComparison.Ordinal)));
        Assert.StartsWith("layer2.0  256   512", lines[4]);
    }
}
