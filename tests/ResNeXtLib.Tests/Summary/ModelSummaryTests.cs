using ResNeXtLib.Models;
using ResNeXtLib.Summary;
using TorchSharp;

namespace ResNeXtLib.Tests.Summary;

[Collection(TorchCollection.Name)]
public class ModelSummaryTests
{
    private static readonly long[] ImageNetInput = [1, 3, 224, 224];

    // Each 224x224 summary builds a 25-million-parameter model and runs it once, so the tests share them.
    private static readonly Lazy<ModelSummary> ResNeXt50Leaves = new(() => Summarize(ResNeXtConfig.ResNeXt50_32x4d(), int.MaxValue));
    private static readonly Lazy<ModelSummary> ResNeXt50Stages = new(() => Summarize(ResNeXtConfig.ResNeXt50_32x4d(), 1));
    private static readonly Lazy<ModelSummary> ResNet50Stages = new(() => Summarize(TorchvisionResNet.ResNet50(), 1));

    private static ModelSummary Summarize(ResNeXtConfig config, int maxDepth)
    {
        using var model = new ResNeXt(config);
        return ModelSummary.Create(model, ImageNetInput, maxDepth);
    }

    [Fact]
    public void ResNeXt50_TotalsMatchTorchvision()
    {
        var summary = ResNeXt50Stages.Value;

        // torchvision 0.14 resnext50_32x4d: 25,028,904 parameters; 68,224 floats in running_mean and running_var.
        Assert.Equal(25_028_904, summary.TrainableParameters);
        Assert.Equal(68_224, summary.NonTrainableParameters);
        Assert.Equal(25_097_128, summary.TotalParameters);
    }

    [Fact]
    public void ResNet50_TotalsMatchTorchvision()
    {
        var summary = ResNet50Stages.Value;

        // torchvision 0.14 resnet50: 25,557,032 parameters; 53,120 floats in running_mean and running_var.
        Assert.Equal(25_557_032, summary.TrainableParameters);
        Assert.Equal(53_120, summary.NonTrainableParameters);
    }

    [Fact]
    public void MultiplyAccumulates_MatchPyTorchHookCount()
    {
        // Counted in PyTorch 1.13 with forward hooks on Conv2d and Linear at 1x3x224x224; torchvision's model
        // tables list 4.23 and 4.09 GFLOPS for the two networks.
        Assert.Equal(4_230_479_872, ResNeXt50Stages.Value.MultiplyAccumulates);
        Assert.Equal(4_089_184_256, ResNet50Stages.Value.MultiplyAccumulates);
        Assert.InRange(ResNeXt50Stages.Value.MultiplyAccumulates, 4.2e9, 4.3e9);
    }

    [Fact]
    public void ResNeXt50_StageOutputShapes()
    {
        var shapes = ResNeXt50Stages.Value.Rows.ToDictionary(row => row.Name, row => row.OutputShape);

        Assert.Equal("[1, 64, 112, 112]", shapes["conv1"]);
        Assert.Equal("[1, 64, 56, 56]", shapes["maxpool"]);
        Assert.Equal("[1, 256, 56, 56]", shapes["layer1"]);
        Assert.Equal("[1, 512, 28, 28]", shapes["layer2"]);
        Assert.Equal("[1, 1024, 14, 14]", shapes["layer3"]);
        Assert.Equal("[1, 2048, 7, 7]", shapes["layer4"]);
        Assert.Equal("[1, 1000]", shapes["fc"]);
    }

    [Fact]
    public void DepthOne_RowsInForwardOrder()
    {
        var names = ResNeXt50Stages.Value.Rows.Select(row => row.Name);

        Assert.Equal(new[] { "conv1", "bn1", "maxpool", "layer1", "layer2", "layer3", "layer4", "fc" }, names);
    }

    [Fact]
    public void Leaves_RowTotalsEqualModelTotals()
    {
        var summary = ResNeXt50Leaves.Value;

        Assert.Equal(summary.TrainableParameters, summary.Rows.Sum(row => row.Parameters));
        Assert.Equal(summary.NonTrainableParameters, summary.Rows.Sum(row => row.NonTrainable));
        Assert.Equal(summary.MultiplyAccumulates, summary.Rows.Sum(row => row.MultiplyAccumulates));
        Assert.DoesNotContain(summary.Rows, row => row.OutputShape == "-");
    }

    [Fact]
    public void Leaves_GroupedConvolutionRow()
    {
        var row = ResNeXt50Leaves.Value.Rows.Single(row => row.Name == "layer1.0.conv2");

        Assert.Equal("Conv2d", row.Type);
        Assert.Equal("[1, 128, 56, 56]", row.OutputShape);

        // 128 filters of 4 input channels x 3x3 (32 groups of 4), applied at 56x56 positions.
        Assert.Equal(128 * 4 * 9, row.Parameters);
        Assert.Equal(56L * 56 * 128 * 4 * 9, row.MultiplyAccumulates);
        Assert.True(row.Trainable);
    }

    [Fact]
    public void Leaves_BatchNormCountsRunningStatistics()
    {
        var row = ResNeXt50Leaves.Value.Rows.Single(row => row.Name == "layer1.0.bn2");

        Assert.Equal(2 * 128, row.Parameters);
        Assert.Equal(2 * 128, row.NonTrainable);
        Assert.Equal(0, row.MultiplyAccumulates);
    }

    [Fact]
    public void Text_ListsRowsAndTotals()
    {
        string text = ResNeXt50Stages.Value.ToText();

        Assert.Contains("layer4", text);
        Assert.Contains("Trainable parameters: 25,028,904", text);
        Assert.Contains("Non-trainable parameters: 68,224", text);
        Assert.Contains("(4.23 GMACs)", text);
    }

    [Fact]
    public void FrozenParameters_CountAsNonTrainable()
    {
        using var model = torch.nn.Sequential(("conv", torch.nn.Conv2d(3, 8, 3)), ("fc", torch.nn.Flatten()));
        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = false;
        }

        var summary = ModelSummary.Create(model, [2, 3, 5, 5]);

        Assert.Equal(0, summary.TrainableParameters);
        Assert.Equal(8 * 3 * 9 + 8, summary.NonTrainableParameters);
        Assert.False(summary.Rows[0].Trainable);
        Assert.Equal("[2, 8, 3, 3]", summary.Rows[0].OutputShape);
    }

    [Fact]
    public void Create_RestoresTrainingMode()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        model.train();

        ModelSummary.Create(model, [1, 1, 28, 28]);

        Assert.True(model.training);
    }

    [Fact]
    public void InvalidInputShape_Rejected()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());

        var error = Assert.Throws<ArgumentException>(() => ModelSummary.Create(model, [1, 0, 28, 28]));

        Assert.Contains("[1, 0, 28, 28]", error.Message);
    }

    [Fact]
    public void ToHtml_OneRowPerModule_NumbersGrouped()
    {
        using var block = new ResNeXtBlock("layer1.0", 64, 256, 32, 4);
        var summary = ModelSummary.Create(block, [1, 64, 56, 56]);

        string html = summary.ToHtml();

        Assert.StartsWith("<table><thead><tr><th>name</th>", html);
        Assert.Equal(summary.Rows.Count, html.Split("<tr>").Length - 2);
        Assert.Contains("<td style=\"text-align:right\">4,608</td>", html);
        Assert.Contains("[1, 256, 56, 56]", html);
    }
}
