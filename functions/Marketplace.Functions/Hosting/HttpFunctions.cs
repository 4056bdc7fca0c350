namespace Marketplace.Functions.Hosting;

/// <summary>
/// The HTTP functions, declared once. Every endpoint the app maps must fall under one of these routes (a test
/// checks it), and the function.json files are generated from this list. A new API area adds a line here.
/// Catch-all routes ({*rest}) let one function front a whole area, so adding an endpoint inside an area
/// needs no new function.
/// </summary>
public static class HttpFunctions
{
    private static readonly string[] Read = ["get"];
    private static readonly string[] Post = ["post"];
    private static readonly string[] ReadWrite = ["get", "post", "put", "patch", "delete"];

    public static IReadOnlyList<HttpFunctionDefinition> All { get; } =
    [
        new("Webhooks", "api/webhooks/{marketplace}", Post),
        new("Conversations", "api/conversations/{*rest}", ReadWrite),
        new("Inbox", "api/inbox/{*rest}", Read),
        new("Me", "api/me/{*rest}", ReadWrite),
        new("Seller", "api/seller/{*rest}", ReadWrite),
        new("Admin", "api/admin/{*rest}", ReadWrite),
        new("DurableTaskManagement", "runtime/webhooks/durabletask/{*rest}", ReadWrite),
        new("Docs", "docs/{*rest}", Read),
        new("OpenApi", "openapi/{*rest}", Read),
    ];
}
