using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OutlookSync.Storage;

/// <summary>A moment as the stores keep it (see <see cref="SyncDbContext"/>'s conventions), for raw SQL that compares or writes times.</summary>
public static class StoredTime
{
    private static readonly DateTimeOffsetToBinaryConverter Converter = new();

    public static long Of(DateTimeOffset at) => (long)Converter.ConvertToProvider(at)!;
}
