using System.Xml.Linq;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Platform;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Hosting;

/// <summary>
/// Where the Data Protection key ring lives (Slack bot tokens are encrypted at rest with it, so it must outlive
/// restarts and be the same for every instance): <c>DataProtection:KeysPath</c> when set (a shared folder); else, on
/// SQL Server or PostgreSQL, the app's own database, so replicas need nothing shared but it; else (the embedded
/// SQLite default, one instance) the data folder.
/// </summary>
public static class KeyRingRegistration
{
    public const string KeysPathKey = "DataProtection:KeysPath";

    public static IServiceCollection AddKeyRing(this IServiceCollection services, StorageOptions storage, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var dataProtection = services.AddDataProtection().SetApplicationName("CommitmentBot");
        if (configuration[KeysPathKey] is { Length: > 0 } configured)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(configured));
        }
        else if (storage.Provider != StorageProvider.Sqlite)
        {
            services.AddSingleton<DataProtectionKeyStore>();
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
                options => options.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<DataProtectionKeyStore>(), sp.GetRequiredService<TimeProvider>())));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(AppOptions.ResolveDataPath(configuration, environment), "keys")));
        }

        return services;
    }

    /// <summary>
    /// The key manager's repository over <see cref="DataProtectionKeyStore"/>. Its interface is synchronous; it is
    /// called when the ring is first loaded, refreshed (daily) or a key is created, never per request, so waiting on the
    /// database here costs nothing noticeable (and ASP.NET Core has no synchronization context to deadlock on).
    /// </summary>
    private sealed class DatabaseKeyRepository(DataProtectionKeyStore store, TimeProvider time) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
            store.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

        public void StoreElement(XElement element, string friendlyName) =>
            store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
    }
}
