using Xunit;

namespace OutlookSync.Tests.Storage;

/// <summary>The database (encrypted secrets) and the key ring (what decrypts them) are readable by the service's own user only.</summary>
public sealed class PrivateFilesTests : ServiceTest
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_database_is_created_0600_and_the_key_ring_folder_0700()
    {
        _ = Service.BaseAddress;
        var database = Path.Combine(DataFolder, "outlook-sync.db");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(DataFolder, "keys")));
        Assert.All(Directory.GetFiles(DataFolder, "outlook-sync.db-*"), f => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(f) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)));
    }
}
