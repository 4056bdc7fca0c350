namespace Marketplace.ContentPolicy.Detection;

/// <summary>A detector's hit in normalized-text coordinates, before the profile decides what it does.</summary>
internal readonly record struct RawFinding(string Reason, string Kind, int Start, int End);
