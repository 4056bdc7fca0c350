using System.Buffers;

namespace Marketplace.Domain.Conversations;

/// <summary>
/// What a message's text may contain, wherever it comes from (API or webhook): control characters other than tab and
/// line breaks (NUL, bell, escape sequences) display as nothing or as terminal commands and hide text from the
/// content policy, so they are refused rather than stored.
/// </summary>
public static class MessageText
{
    private static readonly SearchValues<char> s_controls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    public const string ControlCharacterRule =
        "Must not contain control characters (U+0000 to U+001F and U+007F) other than tab, line feed and carriage return.";

    public static bool HasControlCharacters(string text) => text.AsSpan().ContainsAny(s_controls);
}
