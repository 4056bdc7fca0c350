using System.Text.Json;
using Marketplace.Email;
using Xunit.Abstractions;

namespace Marketplace.Email.Tests;

/// <summary>
/// Real-shaped mail from each client style (Gmail, Outlook desktop and mobile, Apple Mail, Thunderbird) in the six languages,
/// with the text the person wrote: multipart/alternative, HTML-only, inline images, attachments, ISO-8859-1/-2 and
/// windows-1252 in quoted-printable and base64, forwarded mail, signatures, auto-replies and a bounce.
/// </summary>
public sealed class MailCorpusTests(ITestOutputHelper output)
{
    private static readonly string s_corpus = Path.Combine(AppContext.BaseDirectory, "Corpus");
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Files() => [.. Cases().Select(c => c.File)];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Read_CorpusMail_GivesTheWrittenTextItsFilesAndWhetherAMachineSentIt(string file)
    {
        var expected = Cases().Single(c => c.File == file);

        var mail = await ReadAsync(file);

        Assert.Equal(expected.Text, mail.NewText);
        Assert.Equal(expected.Attachments, mail.Attachments.Select(a => a.FileName));
        Assert.Equal(expected.Automatic, mail.IsAutomatic);
        Assert.Equal("b-7f3k2q9x@relay.example.com", Assert.Single(mail.To));
    }

    [Fact]
    public async Task Strip_WholeCorpus_ReportsTheShareOfMailsWhoseTextComesOutExactly()
    {
        var cases = Cases();
        var exact = 0;
        foreach (var c in cases)
        {
            var mail = await ReadAsync(c.File);
            exact += mail.NewText == c.Text ? 1 : 0;
        }

        output.WriteLine($"quoted-reply stripping: {exact}/{cases.Count} mails exactly as written ({(double)exact / cases.Count:P1})");
        Assert.Equal(cases.Count, exact);
    }

    [Fact]
    public async Task Read_AttachmentAndInlineImage_KeepTheirBytesAndKind()
    {
        var outlook = await ReadAsync("outlook-en-attachments.eml");
        var inline = await ReadAsync("gmail-pt-inline-image.eml");

        Assert.All(outlook.Attachments, a => Assert.False(a.Inline));
        Assert.Equal("image/png", outlook.Attachments[0].ContentType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], outlook.Attachments[0].Content.Take(4));
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(outlook.Attachments[1].Content), StringComparison.Ordinal);
        Assert.True(Assert.Single(inline.Attachments).Inline);
    }

    [Fact]
    public async Task Read_Threading_KeepsTheMessageIdAndWhatItAnswers()
    {
        var mail = await ReadAsync("gmail-en.eml");

        Assert.Equal("CAF1@mail.gmail.com", mail.MessageId);
        Assert.Equal("relay-1@relay.example.com", mail.InReplyTo);
        Assert.Equal(["relay-1@relay.example.com"], mail.References);
        Assert.Equal("jane.doe@gmail.com", mail.From);
    }

    private static async Task<InboundEmail> ReadAsync(string file)
    {
        await using var stream = File.OpenRead(Path.Combine(s_corpus, file));
        return await InboundEmailReader.ReadAsync(stream, CancellationToken.None);
    }

    private static List<CorpusCase> Cases() =>
        JsonSerializer.Deserialize<List<CorpusCase>>(File.ReadAllText(Path.Combine(s_corpus, "expected.json")), s_json)!;

    private sealed record CorpusCase(string File, string Text, List<string> Attachments, bool Automatic);
}
