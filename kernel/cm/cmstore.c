/*
 * cm/cmstore.c - the SQLite store behind the registry: the process's one
 * connection, its prepared statements, transactions, and the mapping of
 * SQLite's failures to NT statuses.
 *
 * Locking: CmpStoreMutex guards everything in this file (the connection,
 * the statements, CmpStatementsUsed, CmpReportedErrors) and every use of
 * the connection elsewhere; see CmpLockStore in cm.h.  A fork() is made
 * while the mutex is held (pthread_atfork), so the connection is idle in
 * the child, which closes its copy (a close that cannot disturb the
 * parent: SQLite's locks are per process, and the WAL is only checkpointed
 * and removed on close under an exclusive lock no one else holds) and
 * opens a connection of its own.
 */
#include "cm.h"
#include "ex/ex.h"
#include "sys/sys.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define CMP_SCHEMA_VERSION 1
#define CMP_MAX_REPORTS 32 /* store errors printed per process */

static pthread_mutex_t CmpStoreMutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t CmpForkOnce = PTHREAD_ONCE_INIT;
static sqlite3 *CmpDb;
static pid_t CmpDbPid;
static sqlite3_stmt *CmpStatements[CMS_COUNT];
static ULONGLONG CmpStatementsUsed; /* bit per statement handed out under this lock hold */
static BOOLEAN CmpInTransaction;
static ULONG CmpReportedErrors;
static char CmpPath[PATH_MAX + 16];
extern BOOLEAN CmpTreeReady; /* cminit.c; guarded by CmpStoreMutex */

NTIO_STATIC_ASSERT(CMS_COUNT <= 64, "one bit per statement in CmpStatementsUsed");

static const char *const CmpSql[CMS_COUNT] = {
    [CMS_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [CMS_COMMIT] = "COMMIT",
    [CMS_ROLLBACK] = "ROLLBACK",
    [CMS_ROOT] = "SELECT id FROM keys WHERE parent IS NULL ORDER BY id LIMIT 1",
    [CMS_KEY_LOOKUP] = "SELECT id, flags, volatile_owner IS NOT NULL FROM keys WHERE parent = ?1 AND uname = ?2",
    [CMS_KEY_GET] = "SELECT flags, volatile_owner IS NOT NULL, parent, name, class, last_write FROM keys "
                    "WHERE id = ?1",
    [CMS_KEY_SD] = "SELECT sd FROM keys WHERE id = ?1",
    [CMS_KEY_INSERT] = "INSERT INTO keys(parent, name, uname, class, last_write, flags, volatile_owner, sd) "
                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [CMS_KEY_TOUCH] = "UPDATE keys SET last_write = ?2 WHERE id = ?1",
    [CMS_KEY_DELETE] = "DELETE FROM keys WHERE id = ?1",
    [CMS_KEY_HAS_CHILD] = "SELECT 1 FROM keys WHERE parent = ?1 LIMIT 1",
    /* Windows lists a key's stable subkeys, then its volatile ones, each
     * by name. */
    [CMS_KEY_ENUM] = "SELECT id, name, class, last_write FROM keys WHERE parent = ?1 "
                     "ORDER BY volatile_owner IS NOT NULL, uname LIMIT 1 OFFSET ?2",
    [CMS_KEY_STATS] = "SELECT (SELECT count(*) FROM keys WHERE parent = ?1),"
                      " (SELECT ifnull(max(length(name)), 0) FROM keys WHERE parent = ?1),"
                      " (SELECT ifnull(max(length(class)), 0) FROM keys WHERE parent = ?1),"
                      " (SELECT count(*) FROM vals WHERE key = ?1),"
                      " (SELECT ifnull(max(length(name)), 0) FROM vals WHERE key = ?1),"
                      " (SELECT ifnull(max(length(data)), 0) FROM vals WHERE key = ?1)",
    [CMS_KEY_PATH] = "WITH RECURSIVE p(id, parent, name, depth) AS ("
                     " SELECT id, parent, name, 0 FROM keys WHERE id = ?1"
                     " UNION ALL SELECT k.id, k.parent, k.name, p.depth + 1 FROM keys k JOIN p ON k.id = p.parent)"
                     " SELECT name FROM p ORDER BY depth DESC",
    [CMS_VALUE_GET] = "SELECT name, type, data FROM vals WHERE key = ?1 AND uname = ?2",
    [CMS_VALUE_ENUM] = "SELECT name, type, data FROM vals WHERE key = ?1 ORDER BY id LIMIT 1 OFFSET ?2",
    [CMS_VALUE_SET] = "INSERT INTO vals(key, name, uname, type, data) VALUES(?1, ?2, ?3, ?4, ?5) "
                      "ON CONFLICT(key, uname) DO UPDATE SET type = excluded.type, data = excluded.data",
    [CMS_VALUE_DELETE] = "DELETE FROM vals WHERE key = ?1 AND uname = ?2",
    [CMS_VOLATILE_OWNERS] = "SELECT DISTINCT volatile_owner FROM keys WHERE volatile_owner IS NOT NULL",
    [CMS_VOLATILE_KEYS_OF] = "SELECT id FROM keys WHERE volatile_owner = ?1",
    [CMS_SUBTREE_OWNERS] = "WITH RECURSIVE d(id) AS ("
                           " SELECT id FROM keys WHERE parent = ?1"
                           " UNION ALL SELECT k.id FROM keys k JOIN d ON k.parent = d.id)"
                           " SELECT DISTINCT k.volatile_owner FROM keys k JOIN d ON k.id = d.id"
                           " WHERE k.volatile_owner IS NOT NULL",
    [CMS_SET_OWNER] = "UPDATE keys SET volatile_owner = ?2 WHERE id = ?1",
};

static const char CmpSchema[] =
    "CREATE TABLE IF NOT EXISTS keys("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " parent INTEGER REFERENCES keys(id) ON DELETE CASCADE,"
    " name BLOB NOT NULL,"
    " uname BLOB NOT NULL,"
    " class BLOB,"
    " last_write INTEGER NOT NULL,"
    " flags INTEGER NOT NULL DEFAULT 0,"
    " volatile_owner TEXT,"
    " sd BLOB NOT NULL);"
    "CREATE UNIQUE INDEX IF NOT EXISTS keys_by_name ON keys(parent, uname);"
    "CREATE INDEX IF NOT EXISTS keys_volatile ON keys(volatile_owner) WHERE volatile_owner IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS keys_in_order ON keys(parent, volatile_owner IS NOT NULL, uname);"
    "CREATE TABLE IF NOT EXISTS vals("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " key INTEGER NOT NULL REFERENCES keys(id) ON DELETE CASCADE,"
    " name BLOB NOT NULL,"
    " uname BLOB NOT NULL,"
    " type INTEGER NOT NULL,"
    " data BLOB NOT NULL);"
    "CREATE UNIQUE INDEX IF NOT EXISTS vals_by_name ON vals(key, uname);"
    "CREATE INDEX IF NOT EXISTS vals_in_order ON vals(key);";

const char *CmpStorePath(VOID)
{
    if (!CmpPath[0] && ExpPrefixPath(CmpPath, sizeof CmpPath, "registry.db"))
        snprintf(CmpPath, sizeof CmpPath, "registry.db");
    return CmpPath;
}

NTSTATUS CmpSqliteStatus(int Rc, const char *What)
{
    NTSTATUS Status;
    switch (Rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return STATUS_SUCCESS;
    case SQLITE_NOMEM:
    case SQLITE_FULL:
    case SQLITE_TOOBIG:
        Status = STATUS_INSUFFICIENT_RESOURCES;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    case SQLITE_SCHEMA:
    case SQLITE_MISMATCH:
    case SQLITE_CONSTRAINT:
        Status = STATUS_REGISTRY_CORRUPT;
        break;
    default:
        Status = STATUS_REGISTRY_IO_FAILED;
        break;
    }
    /* Said once per failure, up to a limit: a program that loops on a
     * broken registry must not drown its own output. */
    if (CmpReportedErrors < CMP_MAX_REPORTS) {
        const char *Detail = CmpDb ? sqlite3_errmsg(CmpDb) : sqlite3_errstr(Rc);
        CmpReportedErrors++;
        fprintf(stderr, "ntio: registry %s: %s: %s (SQLite error %d); status 0x%08X\n", CmpStorePath(),
                What, Detail ? Detail : sqlite3_errstr(Rc), Rc, (unsigned)Status);
        if (CmpReportedErrors == CMP_MAX_REPORTS)
            fprintf(stderr, "ntio: registry: further errors are not reported\n");
    }
    return Status;
}

static VOID CmpForgetStatements(VOID)
{
    for (int i = 0; i < CMS_COUNT; i++) {
        if (CmpStatements[i])
            sqlite3_finalize(CmpStatements[i]);
        CmpStatements[i] = NULL;
    }
    CmpStatementsUsed = 0;
}

/* A connection inherited through fork(): close it without using it (see
 * the top of the file), so that this process opens its own. */
static VOID CmpDropInheritedConnection(VOID)
{
    CmpForgetStatements();
    sqlite3_close_v2(CmpDb);
    CmpDb = NULL;
    CmpInTransaction = FALSE;
    CmpTreeReady = FALSE; /* re-learn the root and this instance's id */
}

static int CmpExec(const char *Sql, const char *What, NTSTATUS *Status)
{
    int Rc = sqlite3_exec(CmpDb, Sql, NULL, NULL, NULL);
    if (Rc != SQLITE_OK)
        *Status = CmpSqliteStatus(Rc, What);
    return Rc;
}

/* The schema, created or checked (connection open). */
static NTSTATUS CmpPrepareSchema(VOID)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *Stmt = NULL;
    int Version = -1, Rc;

    Rc = sqlite3_prepare_v2(CmpDb, "PRAGMA user_version", -1, &Stmt, NULL);
    if (Rc == SQLITE_OK && (Rc = sqlite3_step(Stmt)) == SQLITE_ROW)
        Version = sqlite3_column_int(Stmt, 0);
    sqlite3_finalize(Stmt);
    if (Version < 0)
        return CmpSqliteStatus(Rc, "reading the schema version");
    if (Version == CMP_SCHEMA_VERSION)
        return STATUS_SUCCESS;
    if (Version > CMP_SCHEMA_VERSION) {
        fprintf(stderr, "ntio: registry %s: schema version %d is newer than this ntio's (%d)\n",
                CmpStorePath(), Version, CMP_SCHEMA_VERSION);
        return STATUS_REGISTRY_CORRUPT;
    }
    if (CmpExec("BEGIN IMMEDIATE", "creating the schema", &Status) != SQLITE_OK)
        return Status;
    if (CmpExec(CmpSchema, "creating the schema", &Status) != SQLITE_OK ||
        CmpExec("PRAGMA user_version = 1", "creating the schema", &Status) != SQLITE_OK ||
        CmpExec("COMMIT", "creating the schema", &Status) != SQLITE_OK) {
        sqlite3_exec(CmpDb, "ROLLBACK", NULL, NULL, NULL);
        return Status;
    }
    return STATUS_SUCCESS;
}

static VOID CmpForkPrepare(VOID)
{
    pthread_mutex_lock(&CmpStoreMutex);
}

static VOID CmpForkParent(VOID)
{
    pthread_mutex_unlock(&CmpStoreMutex);
}

static VOID CmpForkChild(VOID)
{
    /* The connection is the parent's now (CmpOpenConnection replaces it);
     * the forking thread held the mutex, and it is this thread here. */
    CmpDbPid = 0;
    pthread_mutex_unlock(&CmpStoreMutex);
}

static VOID CmpRegisterForkHandlers(VOID)
{
    pthread_atfork(CmpForkPrepare, CmpForkParent, CmpForkChild);
}

/* This process's connection, opened if needed (store mutex held). */
static NTSTATUS CmpOpenConnection(VOID)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3 *Db = NULL;
    pid_t Pid;
    int Rc;

    /* CmpForkChild clears CmpDbPid in a child (the handlers are in place
     * before the first connection is opened), so that the common case
     * costs no getpid(). */
    if (CmpDb && CmpDbPid)
        return STATUS_SUCCESS;
    if (CmpDb)
        CmpDropInheritedConnection();
    Pid = getpid();

    Rc = sqlite3_open_v2(CmpStorePath(), &Db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (Rc != SQLITE_OK) {
        CmpDb = Db; /* for the message */
        Status = CmpSqliteStatus(Rc, "cannot open the database");
        sqlite3_close(Db);
        CmpDb = NULL;
        return Status;
    }
    CmpDb = Db;
    CmpDbPid = Pid;
    sqlite3_extended_result_codes(Db, 1);
    sqlite3_busy_timeout(Db, CMP_BUSY_TIMEOUT_MS);
    /* WAL: readers never block the writer; NORMAL: a commit is in the WAL
     * (safe from a crash of the process) without an fsync per change; the
     * WAL is cut back to 4 MB when a checkpoint lets it start over. */
    if (CmpExec("PRAGMA journal_mode = WAL", "switching to WAL mode", &Status) != SQLITE_OK ||
        CmpExec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 4194304",
                "configuring the connection", &Status) != SQLITE_OK ||
        !NT_SUCCESS(Status = CmpPrepareSchema())) {
        sqlite3_close(Db);
        CmpDb = NULL;
        return Status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS CmpLockStore(VOID)
{
    NTSTATUS Status;
    pthread_once(&CmpForkOnce, CmpRegisterForkHandlers);
    pthread_mutex_lock(&CmpStoreMutex);
    Status = CmpOpenConnection();
    if (NT_SUCCESS(Status) && !CmpTreeReady)
        Status = CmpInitializeStore();
    if (!NT_SUCCESS(Status))
        pthread_mutex_unlock(&CmpStoreMutex);
    return Status;
}

VOID CmpUnlockStore(VOID)
{
    /* A statement left stepping would hold a read snapshot (and keep the
     * WAL from being checkpointed): reset every one handed out. */
    ULONGLONG Used = CmpStatementsUsed;
    while (Used) {
        int i = __builtin_ctzll(Used);
        Used &= Used - 1;
        sqlite3_reset(CmpStatements[i]);
    }
    CmpStatementsUsed = 0;
    if (CmpInTransaction) {
        fprintf(stderr, "ntio: registry: a transaction was left open; rolled back\n");
        CmpRollback();
    }
    pthread_mutex_unlock(&CmpStoreMutex);
}

sqlite3_stmt *CmpStatement(CMP_STMT Id, NTSTATUS *Status)
{
    sqlite3_stmt *Stmt = CmpStatements[Id];
    if (!Stmt) {
        int Rc = sqlite3_prepare_v3(CmpDb, CmpSql[Id], -1, SQLITE_PREPARE_PERSISTENT, &Stmt, NULL);
        if (Rc != SQLITE_OK) {
            *Status = CmpSqliteStatus(Rc, "preparing a statement");
            sqlite3_finalize(Stmt);
            return NULL;
        }
        CmpStatements[Id] = Stmt;
    } else {
        sqlite3_reset(Stmt);
        sqlite3_clear_bindings(Stmt);
    }
    CmpStatementsUsed |= 1ULL << Id;
    return Stmt;
}

int CmpStep(sqlite3_stmt *Stmt, NTSTATUS *Status)
{
    int Rc = sqlite3_step(Stmt);
    if (Rc != SQLITE_ROW && Rc != SQLITE_DONE) {
        *Status = CmpSqliteStatus(Rc, sqlite3_sql(Stmt));
        sqlite3_reset(Stmt);
    }
    return Rc;
}

static NTSTATUS CmpRun(CMP_STMT Id)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *Stmt = CmpStatement(Id, &Status);
    if (!Stmt)
        return Status;
    if (CmpStep(Stmt, &Status) != SQLITE_DONE)
        return NT_SUCCESS(Status) ? STATUS_REGISTRY_IO_FAILED : Status;
    sqlite3_reset(Stmt);
    return STATUS_SUCCESS;
}

NTSTATUS CmpBeginWrite(VOID)
{
    NTSTATUS Status = CmpRun(CMS_BEGIN_WRITE);
    if (NT_SUCCESS(Status))
        CmpInTransaction = TRUE;
    return Status;
}

NTSTATUS CmpCommit(VOID)
{
    NTSTATUS Status = CmpRun(CMS_COMMIT);
    if (NT_SUCCESS(Status))
        CmpInTransaction = FALSE;
    else
        CmpRollback();
    return Status;
}

VOID CmpRollback(VOID)
{
    /* Every statement of the transaction first, so that ROLLBACK is not
     * refused for statements still running. */
    for (int i = 0; i < CMS_COUNT; i++)
        if (CmpStatements[i])
            sqlite3_reset(CmpStatements[i]);
    if (sqlite3_get_autocommit(CmpDb) == 0)
        sqlite3_exec(CmpDb, "ROLLBACK", NULL, NULL, NULL);
    CmpInTransaction = FALSE;
}

NTSTATUS CmpEndWrite(NTSTATUS Status)
{
    if (NT_SUCCESS(Status))
        return CmpCommit();
    CmpRollback();
    return Status;
}

NTSTATUS CmpFlushStore(VOID)
{
    static const int Ops[] = { SQLITE_FCNTL_JOURNAL_POINTER, SQLITE_FCNTL_FILE_POINTER };
    for (size_t i = 0; i < sizeof Ops / sizeof Ops[0]; i++) {
        sqlite3_file *File = NULL;
        if (sqlite3_file_control(CmpDb, "main", Ops[i], &File) != SQLITE_OK || !File || !File->pMethods)
            continue; /* no WAL open yet: nothing to sync */
        int Rc = File->pMethods->xSync(File, SQLITE_SYNC_NORMAL);
        if (Rc != SQLITE_OK)
            return CmpSqliteStatus(Rc, "flushing");
    }
    return STATUS_SUCCESS;
}

int CmpBindBlob(sqlite3_stmt *Stmt, int Index, const void *Data, ULONG Bytes)
{
    if (!Bytes)
        return sqlite3_bind_zeroblob(Stmt, Index, 0);
    return sqlite3_bind_blob(Stmt, Index, Data, (int)Bytes, SQLITE_STATIC);
}

const void *CmpColumnBlob(sqlite3_stmt *Stmt, int Column, ULONG *Bytes)
{
    static const UCHAR Empty[1];
    const void *Data = sqlite3_column_blob(Stmt, Column);
    *Bytes = (ULONG)sqlite3_column_bytes(Stmt, Column);
    return (Data && *Bytes) ? Data : (*Bytes = 0, (const void *)Empty);
}

LONGLONG CmpNow(VOID)
{
    LARGE_INTEGER Now;
    KeQuerySystemTime(&Now);
    return Now.QuadPart;
}

VOID CmpOutWrite(PCM_OUTPUT Out, ULONG Offset, const VOID *Data, ULONG Bytes)
{
    if (Offset >= Out->Length || !Bytes)
        return;
    if (Bytes > Out->Length - Offset)
        Bytes = Out->Length - Offset;
    if (!SvcCopyOut(Out->Mode, Out->Buffer + Offset, Data, Bytes))
        Out->Fault = TRUE;
}

NTSTATUS CmpEmit(PCM_OUTPUT Out, const VOID *Fixed, ULONG FixedBytes, const CMP_PART *Parts,
                 ULONG PartCount, ULONG Needed, PULONG NeededOut)
{
    *NeededOut = Needed;
    if (Out->Length < FixedBytes)
        return STATUS_BUFFER_TOO_SMALL;
    CmpOutWrite(Out, 0, Fixed, FixedBytes);
    for (ULONG i = 0; i < PartCount; i++)
        CmpOutWrite(Out, Parts[i].Offset, Parts[i].Data, Parts[i].Bytes);
    if (Out->Fault)
        return STATUS_ACCESS_VIOLATION;
    return Needed > Out->Length ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}
