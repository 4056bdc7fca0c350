using Marketplace.Domain.Deadlines;

namespace Marketplace.Functions.Deadlines;

/// <summary>The body of "set my reminder webhook".</summary>
public sealed record SellerSettingsRequest(string? ReminderWebhookUrl, string? ReminderWebhookSecret);

/// <summary>A seller's settings as the API shows them (the secret is never returned).</summary>
public sealed record SellerSettingsView(string? ReminderWebhookUrl, bool ReminderWebhookSecretSet);

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
