using CommitmentBot.Storage.Tests.Contracts;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Engines;

// The contract suite on PostgreSQL, one fresh database per test class (COMMITMENTBOT_TEST_POSTGRES).

public sealed class PostgreSqlCommitmentStoreTests(PostgreSqlDatabase database) : CommitmentStoreTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlPeopleStoreTests(PostgreSqlDatabase database) : PeopleStoreTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlWorkspaceStoreTests(PostgreSqlDatabase database) : WorkspaceStoreTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlRequestDeduplicatorTests(PostgreSqlDatabase database) : RequestDeduplicatorTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlPlatformStoreTests(PostgreSqlDatabase database) : PlatformStoreTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlMigrationRunnerTests(PostgreSqlDatabase database) : MigrationRunnerTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlOutboxStoreTests(PostgreSqlDatabase database) : OutboxStoreTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlClockGuaranteeTests(PostgreSqlDatabase database) : ClockGuaranteeTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlDeliveryCrashTests(PostgreSqlDatabase database) : DeliveryCrashTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlRequestCrashTests(PostgreSqlDatabase database) : RequestCrashTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlKeyRingStoreTests(PostgreSqlDatabase database) : KeyRingStoreTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlPortContractTests(PostgreSqlDatabase database) : SqlPortContractTests(database), IClassFixture<PostgreSqlDatabase>;

public sealed class PostgreSqlAwayStorageTests(PostgreSqlDatabase database) : AwayStorageTests(database), IClassFixture<PostgreSqlDatabase>;
public sealed class PostgreSqlRecordStoreTests(PostgreSqlDatabase database) : RecordStoreTests(database), IClassFixture<PostgreSqlDatabase>;
public sealed class PostgreSqlCaptureStorageTests(PostgreSqlDatabase database) : CaptureStorageTests(database), IClassFixture<PostgreSqlDatabase>;
public sealed class PostgreSqlDigestOutboxStorageTests(PostgreSqlDatabase database) : DigestOutboxStorageTests(database), IClassFixture<PostgreSqlDatabase>;
public sealed class PostgreSqlManagerChangeStorageTests(PostgreSqlDatabase database) : ManagerChangeStorageTests(database), IClassFixture<PostgreSqlDatabase>;
