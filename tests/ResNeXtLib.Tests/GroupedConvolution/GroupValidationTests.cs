using ResNeXtLib.Models;

namespace ResNeXtLib.Tests.GroupedConvolution;

public class GroupValidationTests
{
    [Theory]
    [InlineData(100, 32, new[] { 96, 128 })]
    [InlineData(12, 32, new[] { 32 })]
    [InlineData(128, 32, new[] { 128 })]
    [InlineData(65, 64, new[] { 64, 128 })]
    public void NearestValidChannelCounts_AreMultiplesAround(int channels, int groups, int[] expected)
    {
        Assert.Equal(expected, BlockConfiguration.NearestValidChannelCounts(channels, groups));
    }

    [Theory]
    [InlineData(100, 32, new[] { 25, 50 })]
    [InlineData(7, 4, new[] { 1, 7 })]
    [InlineData(12, 32, new[] { 12 })]
    [InlineData(96, 32, new[] { 32 })]
    public void NearestValidGroupCounts_AreDivisorsAround(int channels, int groups, int[] expected)
    {
        Assert.Equal(expected, BlockConfiguration.NearestValidGroupCounts(channels, groups));
    }

    [Fact]
    public void ValidateGroups_NamesContext()
    {
        var error = Assert.Throws<ArgumentException>(() => BlockConfiguration.ValidateGroups("Block layer1.0, conv2", 100, 128, 32));

        Assert.StartsWith("Block layer1.0, conv2: 100 input channels cannot be split into 32 groups", error.Message);
    }

    [Fact]
    public void ValidateGroups_NonPositiveGroups_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BlockConfiguration.ValidateGroups("test", 8, 8, 0));

        Assert.Contains("the number of groups is 0", error.Message);
    }
}
