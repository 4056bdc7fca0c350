namespace Marketplace.ContentPolicy.Detection;

/// <summary>A detector's hit in normalized-text coordinates, before the profile decides what it does.</summary>
/// <param name="Weak">A fuzzy signal (a paraphrase, a hint at another shop): it may hold a message for review but never block it.</param>
internal readonly record struct RawFinding(string Reason, string Kind, int Start, int End, bool Weak = false);
