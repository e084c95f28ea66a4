using CommitmentBot.Storage.Tests.Contracts;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Engines;

// The contract suite on SQL Server, one fresh database per test class, when COMMITMENTBOT_TEST_SQLSERVER is set.

public sealed class SqlServerCommitmentStoreTests(SqlServerDatabase database) : CommitmentStoreTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerPeopleStoreTests(SqlServerDatabase database) : PeopleStoreTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerWorkspaceStoreTests(SqlServerDatabase database) : WorkspaceStoreTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerRequestDeduplicatorTests(SqlServerDatabase database) : RequestDeduplicatorTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerPlatformStoreTests(SqlServerDatabase database) : PlatformStoreTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerMigrationRunnerTests(SqlServerDatabase database) : MigrationRunnerTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerOutboxStoreTests(SqlServerDatabase database) : OutboxStoreTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerClockGuaranteeTests(SqlServerDatabase database) : ClockGuaranteeTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerDeliveryCrashTests(SqlServerDatabase database) : DeliveryCrashTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerRequestCrashTests(SqlServerDatabase database) : RequestCrashTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerKeyRingStoreTests(SqlServerDatabase database) : KeyRingStoreTests(database), IClassFixture<SqlServerDatabase>;

public sealed class SqlServerAwayStorageTests(SqlServerDatabase database) : AwayStorageTests(database), IClassFixture<SqlServerDatabase>;
public sealed class SqlServerRecordStoreTests(SqlServerDatabase database) : RecordStoreTests(database), IClassFixture<SqlServerDatabase>;
public sealed class SqlServerCaptureStorageTests(SqlServerDatabase database) : CaptureStorageTests(database), IClassFixture<SqlServerDatabase>;
public sealed class SqlServerDigestOutboxStorageTests(SqlServerDatabase database) : DigestOutboxStorageTests(database), IClassFixture<SqlServerDatabase>;
public sealed class SqlServerManagerChangeStorageTests(SqlServerDatabase database) : ManagerChangeStorageTests(database), IClassFixture<SqlServerDatabase>;
