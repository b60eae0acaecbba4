using ResNeXtLib.GroupedConvolution;

namespace ResNeXtLib.Tests.GroupedConvolution;

[Collection(TorchCollection.Name)]
public class GroupCountTableTests
{
    [Fact]
    public void Build_FormulaMatchesConv2dForEveryGroupCount()
    {
        var rows = GroupCountTable.Build(128, [1, 2, 4, 8, 32, 128]);

        Assert.Equal(6, rows.Count);
        Assert.All(rows, row => Assert.True(row.Matches, $"groups {row.Spec.Groups}: formula {row.FormulaParameters}, nn.Conv2d {row.ModuleParameters}"));
        Assert.Equal(new long[] { 147_456, 73_728, 36_864, 18_432, 4_608, 1_152 }, rows.Select(row => row.ModuleParameters));
    }

    [Fact]
    public void Format_LabelsDepthwiseAndShares()
    {
        string table = GroupCountTable.Format(GroupCountTable.Build(128, [1, 32, 128]));

        Assert.Contains("128 (depthwise)", table);
        Assert.Contains("[128, 4, 3, 3]", table);
        Assert.Contains("1/32", table);
        Assert.DoesNotContain("NO", table);
    }
}
