using LoRASculpt.Contracts.Leaderboard;

namespace LoRASculpt.Contracts.Tests.Leaderboard;

public sealed class LeaderboardKeysTests
{
    [Theory]
    [InlineData("tiny-llava", "tiny-llava")]
    [InlineData("/models/llava-1.5-7b-hf", "llava-1.5-7b-hf")]
    [InlineData("/models/llava-1.5-7b-hf/", "llava-1.5-7b-hf")]
    [InlineData(@"C:\models\llava-v1.5-7b", "llava-v1.5-7b")]
    public void A_checkpoint_directory_is_named_by_its_last_path_segment(string baseModel, string name) =>
        Assert.Equal(name, LeaderboardKeys.ModelName(baseModel));

    [Fact]
    public void A_checkpoint_directory_and_its_name_share_one_board()
    {
        Assert.Equal("llava-1.5-7b-hf/iconqa-txt", LeaderboardKeys.Board("/models/llava-1.5-7b-hf", "iconqa-txt"));
        Assert.Equal(LeaderboardKeys.Board("llava-1.5-7b-hf", "iconqa-txt"), LeaderboardKeys.Board("/data/llava-1.5-7b-hf", "iconqa-txt"));
        Assert.Equal(("llava-1.5-7b-hf", "iconqa-txt"), LeaderboardKeys.ParseBoard(LeaderboardKeys.Board("/models/llava-1.5-7b-hf", "iconqa-txt")));
    }

    [Fact]
    public void A_target_with_a_slash_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => LeaderboardKeys.Board("tiny-llava", "a/b"));
        Assert.Contains("'a/b'", error.Message);
    }
}
