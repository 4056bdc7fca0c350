using Marketplace.ContentPolicy.Text;

namespace Marketplace.ContentPolicy.Tests.Text;

public sealed class NormalizedTextTests
{
    [Fact]
    public void Create_AccentsCaseAndZeroWidth_FoldsOneCharToOne()
    {
        using var text = NormalizedText.Create("Zadzwoń\u200B DO MNIE, Straße, FÜNF");

        Assert.Equal("zadzwon do mnie, strase, funf", text.Text);
    }

    [Fact]
    public void Create_SpacedOutLetters_JoinsRunsOfFourOrMore()
    {
        using var text = NormalizedText.Create("mail: j o h n @ g m a i l . c o m and a b c");

        Assert.Equal("mail: john@gmail.com and a b c", text.Text);
    }

    [Fact]
    public void ToOriginal_SpanAfterJoinedAndDroppedCharacters_MapsBackToAuthorText()
    {
        const string original = "x\u200By 5 5 5 1 2 3 4 end";
        using var text = NormalizedText.Create(original);
        var start = text.Text.IndexOf("5551234", StringComparison.Ordinal);

        var (s, length) = text.ToOriginal(start, start + 7);

        Assert.Equal("5 5 5 1 2 3 4", original.Substring(s, length));
    }
}
