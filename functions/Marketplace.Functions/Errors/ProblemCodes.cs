namespace Marketplace.Functions.Errors;

/// <summary>The platform's stable problem codes (the messaging core defines its own beside its endpoints).</summary>
public static class ProblemCodes
{
    public const string TokenMissing = "token_missing";
    public const string TokenExpired = "token_expired";
    public const string TokenInvalid = "token_invalid";
    public const string Forbidden = "forbidden";
    public const string InternalError = "internal_error";
    public const string MalformedJson = "malformed_json";
    public const string BadRequest = "bad_request";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string HostOnly = "host_only";
    public const string PathNotCanonical = "path_not_canonical";
    public const string StorageUnavailable = "storage_unavailable";
}
