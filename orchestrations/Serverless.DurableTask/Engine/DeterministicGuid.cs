using System.Security.Cryptography;
using System.Text;

namespace Serverless.DurableTask.Engine;

/// <summary>Name-based (RFC 4122 version 5) GUIDs, so NewGuid returns the same value on every replay.</summary>
internal static class DeterministicGuid
{
    // Same namespace value DurableTask uses for orchestration GUIDs, so ids look alike across runtimes.
    private static readonly Guid Namespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    public static Guid Create(string name)
    {
        byte[] namespaceBytes = Namespace.ToByteArray(bigEndian: true);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] data = new byte[namespaceBytes.Length + nameBytes.Length];
        namespaceBytes.CopyTo(data, 0);
        nameBytes.CopyTo(data, namespaceBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 v5 specifies; this is an identifier, not security.
        byte[] hash = SHA1.HashData(data);
#pragma warning restore CA5350
        byte[] guid = hash[..16];
        guid[6] = (byte)((guid[6] & 0x0F) | 0x50);
        guid[8] = (byte)((guid[8] & 0x3F) | 0x80);
        return new Guid(guid, bigEndian: true);
    }
}
