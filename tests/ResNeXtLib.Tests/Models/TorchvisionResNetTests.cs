using ResNeXtLib.Models;
using TorchSharp;

namespace ResNeXtLib.Tests.Models;

[Collection(TorchCollection.Name)]
public class TorchvisionResNetTests
{
    [Fact]
    public void StageWidths_ResNeXt32x4d_Doubling()
    {
        var widths = TorchvisionResNet.StageWidths(groups: 32, widthPerGroup: 4);

        Assert.Equal(new[] { 4, 8, 16, 32 }, widths.Select(stage => stage.ChannelsPerGroup));
        Assert.Equal(new[] { 128, 256, 512, 1024 }, widths.Select(stage => stage.GroupedWidth));
        Assert.Equal(new[] { 256, 512, 1024, 2048 }, widths.Select(stage => stage.OutChannels));
    }

    [Fact]
    public void StageWidths_ResNet50_EqualPlanes()
    {
        var widths = TorchvisionResNet.StageWidths(groups: 1, widthPerGroup: 64);

        Assert.Equal(TorchvisionResNet.StagePlanes, widths.Select(stage => stage.GroupedWidth));
    }

    [Fact]
    public void StageWidths_ZeroChannelsPerGroup_Rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TorchvisionResNet.StageWidths(groups: 8, widthPerGroup: 0));

        Assert.Contains("width_per_group is 0", error.Message);
    }

    [Fact]
    public void ResNeXt50Config_MatchesHandWrittenPreset()
    {
        var derived = TorchvisionResNet.ResNeXt50_32x4d();
        var preset = ResNeXtConfig.ResNeXt50_32x4d();

        Assert.Equal(preset.Stages, derived.Stages);
        Assert.Equal(preset.Cardinality, derived.Cardinality);
        Assert.Equal(preset.StemChannels, derived.StemChannels);
    }

    [Fact]
    public void ResNet50_MatchesTorchvisionParameterCount()
    {
        // torchvision.models.resnet50(): sum(p.numel() for p in model.parameters()) == 25,557,032.
        using var model = new ResNeXt(TorchvisionResNet.ResNet50());

        Assert.Equal(25_557_032, model.parameters().Sum(p => p.numel()));
    }
}
