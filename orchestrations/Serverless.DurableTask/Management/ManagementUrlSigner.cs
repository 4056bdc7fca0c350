using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Serverless.DurableTask.Management;

/// <summary>Checks the system key and signs/verifies per-instance, per-operation management URLs (HMAC-SHA256).</summary>
/// <remarks>
/// A signature covers exactly one instance id and one operation, so a <c>sendEventPostUri</c> handed to a third
/// party can raise events on that instance only, and cannot read, terminate or purge it, nor touch another instance.
/// The signing key is derived from the system key, so the system key itself never appears in a URL.
/// </remarks>
public sealed class ManagementUrlSigner
{
    private readonly byte[] _systemKeyHash;
    private readonly byte[] _signingKey;

    public ManagementUrlSigner(IOptions<DurableTaskOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        byte[] systemKey = Encoding.UTF8.GetBytes(options.Value.SystemKey);
        _systemKeyHash = SHA256.HashData(systemKey);
        _signingKey = HMACSHA256.HashData(systemKey, "durabletask-management-url-v1"u8);
    }

    /// <summary>The signature (base64url) for <paramref name="operation"/> on <paramref name="instanceId"/>.</summary>
    public string Sign(string instanceId, ManagementOperation operation)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return Base64Url(Mac(instanceId, operation));
    }

    /// <summary>True when <paramref name="signature"/> was produced by <see cref="Sign"/> for this instance and operation (constant-time).</summary>
    public bool Verify(string instanceId, ManagementOperation operation, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        byte[] expected = Mac(instanceId, operation);
        byte[] actual;
        try
        {
            actual = Convert.FromBase64String(signature.Replace('-', '+').Replace('_', '/').PadRight((signature.Length + 3) / 4 * 4, '='));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>True when <paramref name="key"/> is the system key (constant-time, whatever the lengths).</summary>
    public bool IsSystemKey(string? key)
        => !string.IsNullOrEmpty(key)
            && CryptographicOperations.FixedTimeEquals(_systemKeyHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private byte[] Mac(string instanceId, ManagementOperation operation)
        => HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes($"{operation}\n{instanceId}"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
