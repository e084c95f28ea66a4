using CommitmentBot.Storage.Tests.Contracts;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Engines;

// The contract suite on SQLite, one temporary file per test class.

public sealed class SqliteCommitmentStoreTests(SqliteDatabase database) : CommitmentStoreTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqlitePeopleStoreTests(SqliteDatabase database) : PeopleStoreTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteWorkspaceStoreTests(SqliteDatabase database) : WorkspaceStoreTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteRequestDeduplicatorTests(SqliteDatabase database) : RequestDeduplicatorTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqlitePlatformStoreTests(SqliteDatabase database) : PlatformStoreTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteMigrationRunnerTests(SqliteDatabase database) : MigrationRunnerTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteOutboxStoreTests(SqliteDatabase database) : OutboxStoreTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteClockGuaranteeTests(SqliteDatabase database) : ClockGuaranteeTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteDeliveryCrashTests(SqliteDatabase database) : DeliveryCrashTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteRequestCrashTests(SqliteDatabase database) : RequestCrashTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteKeyRingStoreTests(SqliteDatabase database) : KeyRingStoreTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqlitePortContractTests(SqliteDatabase database) : SqlPortContractTests(database), IClassFixture<SqliteDatabase>;

public sealed class SqliteAwayStorageTests(SqliteDatabase database) : AwayStorageTests(database), IClassFixture<SqliteDatabase>;
public sealed class SqliteRecordStoreTests(SqliteDatabase database) : RecordStoreTests(database), IClassFixture<SqliteDatabase>;
public sealed class SqliteCaptureStorageTests(SqliteDatabase database) : CaptureStorageTests(database), IClassFixture<SqliteDatabase>;
public sealed class SqliteDigestOutboxStorageTests(SqliteDatabase database) : DigestOutboxStorageTests(database), IClassFixture<SqliteDatabase>;
public sealed class SqliteManagerChangeStorageTests(SqliteDatabase database) : ManagerChangeStorageTests(database), IClassFixture<SqliteDatabase>;
