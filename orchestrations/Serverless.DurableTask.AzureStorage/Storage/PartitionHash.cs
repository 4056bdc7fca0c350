using System.Text;

namespace Serverless.DurableTask.AzureStorage.Storage;

/// <summary>Maps an instance id to its control-queue partition with FNV-1a over UTF-8: the same on every machine, process and runtime version.</summary>
internal static class PartitionHash
{
    public static uint Fnv1a(string value)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        uint hash = offsetBasis;
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        int length = Encoding.UTF8.GetBytes(value, buffer);
        foreach (byte b in buffer[..length])
        {
            hash = unchecked((hash ^ b) * prime);
        }

        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    public static int Partition(string instanceId, int partitionCount) => (int)(Fnv1a(instanceId) % (uint)partitionCount);
}
