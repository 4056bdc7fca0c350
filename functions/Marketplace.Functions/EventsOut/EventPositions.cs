using Marketplace.Storage.Claims;
using Marketplace.Storage.Outbox;

namespace Marketplace.Functions.EventsOut;

/// <summary>What a position in each kind of stream looks like (a conversation's version and index; a claim's timeline sequence).</summary>
internal static class EventPositions
{
    public static bool IsValid(EventStreamKind kind, string position) => kind == EventStreamKind.Conversation
        ? position.Length == 15 && position[12] == '-' && IsDigits(position.AsSpan(0, 12)) && IsDigits(position.AsSpan(13))
        : position.Length == ClaimEventData.Position(0).Length && IsDigits(position);

    public static string Example(EventStreamKind kind) =>
        kind == EventStreamKind.Conversation ? ConversationEventData.PositionExample : ClaimEventData.Position(3);

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
