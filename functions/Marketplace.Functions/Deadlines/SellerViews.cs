using Marketplace.Domain.Deadlines;

namespace Marketplace.Functions.Deadlines;

/// <summary>
/// The body of "set my settings": the reminder webhook (URL and secret together), the language messages are shown in
/// (a language tag such as "en" or "de-AT"), or both.
/// </summary>
public sealed record SellerSettingsRequest(string? ReminderWebhookUrl, string? ReminderWebhookSecret, string? Language = null);

/// <summary>A seller's settings as the API shows them (the secret is never returned).</summary>
public sealed record SellerSettingsView(string? ReminderWebhookUrl, bool ReminderWebhookSecretSet, string? Language = null);

/// <summary>The body of "add an away period".</summary>
public sealed record VacationRequest(DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>An away period.</summary>
public sealed record VacationView(string Id, DateTimeOffset Start, DateTimeOffset End);

/// <summary>An open deadline with the time left (negative once breached).</summary>
public sealed record OpenDeadlineView(string ConversationId, DateTimeOffset WaitingSince, DateTimeOffset DueAt, TimeSpan TimeLeft, bool Breached, string? LastNotificationError);

/// <summary>The seller's response metrics over 7, 30 and 90 days.</summary>
public sealed record SellerMetricsView(IReadOnlyList<ResponseMetrics> Windows);

/// <summary>A page of my open reply deadlines, soonest due first.</summary>
public sealed record DeadlinePage(IReadOnlyList<OpenDeadlineView> Items, string? NextCursor);

/// <summary>A page of my away periods, earliest first.</summary>
public sealed record VacationPage(IReadOnlyList<VacationView> Items, string? NextCursor);
