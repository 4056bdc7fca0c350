using System.Text;
using Marketplace.Domain.Attachments;
using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Tests.Attachments;

public sealed class TextAttachmentTests
{
    public static TheoryData<string> Markup => new()
    {
        "<html><body>Invoice</body></html>",
        "<!DOCTYPE html>\n<title>x</title>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        "<svg/onload=alert(1)>",
        "<script>alert(document.cookie)</script>",
        "<ScRiPt\tsrc=//evil.example/x.js></script>",
        "<?xml version=\"1.0\"?><!DOCTYPE svg><svg/>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<img src=x onerror=alert(1)>",
        "Hello <b onmouseover =alert(1)>there</b>",
        "<details open ontoggle=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<object data=x.swf></object>",
        "Dear seller,\n\nplease see below.\n\n<HTML>\n",
    };

    [Theory]
    [MemberData(nameof(Markup))]
    public void Inspect_TextWithMarkup_IsRefusedNamingTheMarkup(string text)
    {
        var inspection = AttachmentSniffer.Inspect(Encoding.UTF8.GetBytes(text));

        Assert.Null(inspection.Kind);
        Assert.Equal(AttachmentRefusalCodes.ContainsMarkup, inspection.RefusalCode);
        Assert.Contains("markup ('<", inspection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MarkupAfterBomAndWhitespace_IsRefused()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. "\r\n \t\n  <svg onload=alert(1)>"u8];

        Assert.Equal(AttachmentRefusalCodes.ContainsMarkup, AttachmentSniffer.Inspect(content).RefusalCode);
    }

    [Fact]
    public void Inspect_MarkupDeepInALongText_IsRefused()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append("Line ").Append(i).Append(": all fine here.\n");
        }

        text.Append("<script>alert(1)</script>\n");

        Assert.Equal(AttachmentRefusalCodes.ContainsMarkup, AttachmentSniffer.Inspect(Encoding.UTF8.GetBytes(text.ToString())).RefusalCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Inspect_Utf16WithMarkup_IsRefusedForTheMarkup(bool littleEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian: !littleEndian, byteOrderMark: true);
        byte[] content = [.. encoding.GetPreamble(), .. encoding.GetBytes("  <html><script>alert(1)</script>")];

        Assert.Equal(AttachmentRefusalCodes.ContainsMarkup, AttachmentSniffer.Inspect(content).RefusalCode);
    }

    public static TheoryData<string> TextThatIsNotMarkup => new()
    {
        "Price < 5 EUR, weight > 2 kg",
        "a<b and b>c",
        "I <3 this lamp",
        "Write to <john@example.com> or call",
        "Use the <html5> player? No: <htmlx",
        "The meeting is on=Tuesday, <on time> please",
        "Template: Dear <customer name>, your order <order id> shipped.",
    };

    [Theory]
    [MemberData(nameof(TextThatIsNotMarkup))]
    public void Inspect_AngleBracketsThatAreNotMarkup_ArePlainText(string text)
    {
        Assert.Equal(AttachmentKind.PlainText, AttachmentSniffer.Inspect(Encoding.UTF8.GetBytes(text)).Kind);
    }

    [Fact]
    public void Inspect_Utf8WithBom_IsPlainText()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. "Rechnung Nr. 113 – Größe M"u8];

        Assert.Equal(AttachmentKind.PlainText, AttachmentSniffer.Inspect(content).Kind);
    }

    public static TheoryData<byte[]> NotUtf8 => new()
    {
        Encoding.Latin1.GetBytes("Café crème, 12,50 €uro"), // Latin-1: é is a lone 0xE9
        Bytes("A", 0xC0, 0xAF), // overlong '/'
        Bytes("A", 0xED, 0xA0, 0x80), // a lone surrogate (U+D800) encoded as UTF-8
        Bytes("A", 0xF4, 0x90, 0x80, 0x80), // beyond U+10FFFF
        Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Invoice 113")).ToArray(), // UTF-16 with a BOM
    };

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public void Inspect_TextNotInUtf8_IsRefusedAskingForUtf8(byte[] content)
    {
        var inspection = AttachmentSniffer.Inspect(content);

        Assert.Equal(AttachmentRefusalCodes.TextNotUtf8, inspection.RefusalCode);
        Assert.Contains("save it as UTF-8", inspection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_BinaryWithControlBytes_IsUnrecognised()
    {
        Assert.Equal(AttachmentRefusalCodes.TypeNotAllowed, AttachmentSniffer.Inspect([0x41, 0x42, 0x00, 0x43]).RefusalCode);
    }

    private static byte[] Bytes(string ascii, params byte[] tail) => [.. Encoding.ASCII.GetBytes(ascii), .. tail];
}
