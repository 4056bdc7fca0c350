using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Marketplace.DurableHosting.Management;

/// <summary>Reads GET /instances' query (the Functions host's parameters); a value it cannot read is an error naming it.</summary>
internal static class ManagementQuery
{
    private static readonly HashSet<string> s_known = new(StringComparer.OrdinalIgnoreCase)
    {
        "code", "runtimeStatus", "createdTimeFrom", "createdTimeTo", "top", "instanceIdPrefix", "showInput", "continuationToken",
    };

    public static bool TryParse(HttpRequest request, int maxPageSize, out OrchestrationQuery query, out string error)
    {
        query = new OrchestrationQuery();
        error = "";
        var q = request.Query;
        if (q.Keys.FirstOrDefault(k => !s_known.Contains(k)) is { } unknown)
        {
            error = $"Unknown query parameter '{unknown}'. Known: {string.Join(", ", s_known.Where(k => k != "code"))}.";
            return false;
        }

        var statuses = new List<Microsoft.DurableTask.Client.OrchestrationRuntimeStatus>();
        foreach (var part in q["runtimeStatus"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<Microsoft.DurableTask.Client.OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status)
                || !Enum.IsDefined(status) || char.IsAsciiDigit(part[0]))
            {
                error = $"runtimeStatus: '{part}' is not a runtime status (Pending, Running, Completed, Failed, Terminated, Suspended).";
                return false;
            }

            statuses.Add(status);
        }

        if (!TryTime(q["createdTimeFrom"], "createdTimeFrom", out var from, ref error) || !TryTime(q["createdTimeTo"], "createdTimeTo", out var to, ref error))
        {
            return false;
        }

        var top = 100;
        if (q["top"].FirstOrDefault() is { } topText
            && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top < 1 || top > maxPageSize))
        {
            error = $"top must be a whole number from 1 to {maxPageSize}.";
            return false;
        }

        var showInput = false;
        if (q["showInput"].FirstOrDefault() is { } showText && !bool.TryParse(showText, out showInput))
        {
            error = "showInput must be true or false.";
            return false;
        }

        var continuation = request.Headers["x-ms-continuation-token"].FirstOrDefault() ?? q["continuationToken"].FirstOrDefault();
        query = new OrchestrationQuery(
            CreatedFrom: from, CreatedTo: to, Statuses: statuses.Count == 0 ? null : statuses, InstanceIdPrefix: q["instanceIdPrefix"].FirstOrDefault(),
            PageSize: top, FetchInputsAndOutputs: showInput, ContinuationToken: string.IsNullOrEmpty(continuation) ? null : continuation);
        return true;
    }

    private static bool TryTime(Microsoft.Extensions.Primitives.StringValues values, string name, out DateTimeOffset? time, ref string error)
    {
        time = null;
        if (values.FirstOrDefault() is not { } text)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        error = $"{name} must be an ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z.";
        return false;
    }
}
