/*
 * test_registry_store.c - the registry's store across threads and
 * processes: what one process commits another sees; volatile keys vanish
 * with the kernel instance (process) that made them, and only then;
 * concurrent writers (threads, processes) lose nothing; a process killed in
 * the middle of writing loses no committed value and leaves the database
 * intact; a forked child gets a connection of its own; a damaged or
 * unreachable database gives NT statuses and a message, not a crash.
 *
 * Children run as fresh processes (a fresh kernel each: KmChildMain), some
 * of them at the same time as the test, started by Spawn below.
 */
#include <ntio/ntsvc.h>
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include "kmtest.h"
#include "cm/cm.h"

#define STORE L"\\Registry\\Machine\\SOFTWARE\\ntiostore"

/* ------------------------------------------------------------ helpers */

static NTSTATUS Create(PHANDLE Key, HANDLE Root, PCWSTR Name, ULONG Options)
{
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    RtlInitUnicodeString(&U, Name);
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Root, NULL);
    return NtCreateKey(Key, KEY_ALL_ACCESS, &A, 0, NULL, Options, NULL);
}

static NTSTATUS Open(PHANDLE Key, HANDLE Root, PCWSTR Name)
{
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    RtlInitUnicodeString(&U, Name);
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Root, NULL);
    return NtOpenKey(Key, KEY_ALL_ACCESS, &A);
}

static BOOLEAN Exists(PCWSTR Name)
{
    HANDLE K;
    if (!NT_SUCCESS(Open(&K, NULL, Name)))
        return FALSE;
    NtClose(K);
    return TRUE;
}

static NTSTATUS SetDword(HANDLE Key, const char *Name, ULONG Value)
{
    WCHAR Wide[64];
    UNICODE_STRING U;
    size_t n = strlen(Name);
    for (size_t i = 0; i <= n; i++)
        Wide[i] = (WCHAR)Name[i];
    RtlInitUnicodeString(&U, Wide);
    return NtSetValueKey(Key, &U, 0, REG_DWORD, &Value, sizeof Value);
}

/* The value, or 0xDEADBEEF when it cannot be read. */
static ULONG GetDword(HANDLE Key, const char *Name)
{
    WCHAR Wide[64];
    UNICODE_STRING U;
    UCHAR Buffer[64];
    ULONG Len;
    size_t n = strlen(Name);
    for (size_t i = 0; i <= n; i++)
        Wide[i] = (WCHAR)Name[i];
    RtlInitUnicodeString(&U, Wide);
    if (!NT_SUCCESS(NtQueryValueKey(Key, &U, KeyValuePartialInformation, Buffer, sizeof Buffer, &Len)))
        return 0xDEADBEEF;
    return *(ULONG *)((PKEY_VALUE_PARTIAL_INFORMATION)Buffer)->Data;
}

/* PRAGMA integrity_check on the store, through a connection of its own. */
static BOOLEAN StoreIntact(void)
{
    sqlite3 *Db = NULL;
    sqlite3_stmt *S = NULL;
    BOOLEAN Ok = FALSE;
    if (sqlite3_open_v2(CmpStorePath(), &Db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(Db, "PRAGMA integrity_check", -1, &S, NULL) == SQLITE_OK &&
        sqlite3_step(S) == SQLITE_ROW) {
        const char *Text = (const char *)sqlite3_column_text(S, 0);
        Ok = Text && strcmp(Text, "ok") == 0;
        if (!Ok)
            fprintf(stderr, "integrity_check: %s\n", Text ? Text : "(null)");
    }
    sqlite3_finalize(S);
    sqlite3_close(Db);
    return Ok;
}

/* Start child Name of this program at once (not waiting for it); its
 * stdout is a pipe whose read end goes to *ReadFd when ReadFd is given. */
static pid_t Spawn(const char *Name, int *ReadFd)
{
    int Fds[2] = { -1, -1 };
    if (ReadFd && pipe(Fds))
        return -1;
    fflush(NULL);
    pid_t Pid = fork();
    if (Pid == 0) {
        if (ReadFd) {
            dup2(Fds[1], 1);
            close(Fds[0]);
            close(Fds[1]);
        }
        execl("/proc/self/exe", KmProgram ? KmProgram : "test_registry_store", "--child", Name, (char *)NULL);
        _exit(127);
    }
    if (ReadFd) {
        close(Fds[1]);
        *ReadFd = Fds[0];
    }
    return Pid;
}

static int WaitExit(pid_t Pid)
{
    int Status = 0;
    while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(Status) ? WEXITSTATUS(Status) : 128 + (WIFSIGNALED(Status) ? WTERMSIG(Status) : 0);
}

/* ------------------------------------------------------------ children */

/* Each child exits 0 when all it checked held, else the line that failed. */
#define CHILD_CHECK(cond)                      \
    do {                                       \
        if (!(cond)) {                         \
            fprintf(stderr, "child check failed at line %d: %s\n", __LINE__, #cond); \
            _exit(__LINE__ % 200 + 1);         \
        }                                      \
    } while (0)

static void ChildPersistWrite(void)
{
    HANDLE Base, Vol, Sub;
    CHILD_CHECK(NT_SUCCESS(Create(&Base, NULL, STORE, 0)));
    CHILD_CHECK(NT_SUCCESS(SetDword(Base, "fromchild", 1234)));
    CHILD_CHECK(GetDword(Base, "fromparent") == 4321); /* what the parent committed */
    CHILD_CHECK(NT_SUCCESS(Create(&Vol, Base, L"vol", REG_OPTION_VOLATILE)));
    CHILD_CHECK(NT_SUCCESS(Create(&Sub, Vol, L"volchild", REG_OPTION_VOLATILE)));
    CHILD_CHECK(NT_SUCCESS(SetDword(Sub, "x", 1)));
    CHILD_CHECK(NT_SUCCESS(Create(&Sub, Base, L"stable", 0)));
    CHILD_CHECK(NT_SUCCESS(Create(&Sub, Base, L"deadparent", REG_OPTION_VOLATILE)));
    /* Exit without closing anything: the kernel goes with the process. */
    _exit(0);
}

/* A fresh kernel: volatile keys of ended instances are gone. */
static void ChildVolatileGone(void)
{
    CHILD_CHECK(!Exists(STORE L"\\vol"));
    CHILD_CHECK(!Exists(STORE L"\\vol\\volchild"));
    CHILD_CHECK(Exists(STORE L"\\stable"));
    /* The parent test still runs: its volatile key stays, and so does the
     * key of the ended child that holds it (given to the parent). */
    CHILD_CHECK(Exists(STORE L"\\parentvol"));
    CHILD_CHECK(Exists(STORE L"\\deadparent\\parentvol"));
    _exit(0);
}

/* Holds a volatile key while the parent checks that another kernel leaves
 * it alone; ends when the parent closes the read end of its stdout. */
static void ChildVolatileHolder(void)
{
    HANDLE Base, Vol;
    char Probe = 'p';
    CHILD_CHECK(NT_SUCCESS(Create(&Base, NULL, STORE, 0)));
    CHILD_CHECK(NT_SUCCESS(Create(&Vol, Base, L"held", REG_OPTION_VOLATILE)));
    signal(SIGPIPE, SIG_IGN);
    if (write(1, "r", 1) != 1)
        _exit(3);
    for (int i = 0; i < 2000 && write(1, &Probe, 1) == 1; i++)
        KmSleepMs(5);
    _exit(0);
}

static void ChildHeldStays(void)
{
    CHILD_CHECK(Exists(STORE L"\\held"));
    _exit(0);
}

static void ChildHeldGone(void)
{
    CHILD_CHECK(!Exists(STORE L"\\held"));
    _exit(0);
}

/* Writes 300 values and creates keys, at the same time as another. */
static void ChildWriter(int Which)
{
    HANDLE Base, Sub;
    char Name[32];
    WCHAR KeyName[32];
    CHILD_CHECK(NT_SUCCESS(Create(&Base, NULL, STORE L"\\concurrent", 0)));
    for (int i = 0; i < 300; i++) {
        snprintf(Name, sizeof Name, "p%d_%d", Which, i);
        CHILD_CHECK(NT_SUCCESS(SetDword(Base, Name, (ULONG)(Which * 100000 + i))));
        if (i % 30 == 0) {
            int k = 0;
            for (; Name[k]; k++)
                KeyName[k] = (WCHAR)Name[k];
            KeyName[k] = 0;
            CHILD_CHECK(NT_SUCCESS(Create(&Sub, Base, KeyName, 0)));
            NtClose(Sub);
        }
    }
    _exit(0);
}

static void ChildWriter1(void)
{
    ChildWriter(1);
}

static void ChildWriter2(void)
{
    ChildWriter(2);
}

/* Commits values one after another and reports each committed index on
 * stdout, until it is killed. */
static void ChildCrashWriter(void)
{
    HANDLE Key;
    char Name[32];
    CHILD_CHECK(NT_SUCCESS(Create(&Key, NULL, STORE L"\\crash", 0)));
    for (ULONG i = 0;; i++) {
        snprintf(Name, sizeof Name, "v%u", i);
        CHILD_CHECK(NT_SUCCESS(SetDword(Key, Name, i ^ 0x5A5A5A5A)));
        if (write(1, &i, sizeof i) != sizeof i)
            _exit(0);
    }
}

/* A database that is not one: statuses and a message. */
static void ChildCorrupt(void)
{
    HANDLE K;
    NTSTATUS s = Open(&K, NULL, L"\\Registry\\Machine\\SOFTWARE");
    fprintf(stderr, "status 0x%08X\n", (unsigned)s);
    CHILD_CHECK(s == STATUS_REGISTRY_CORRUPT);
    s = Create(&K, NULL, L"\\Registry\\Machine\\SOFTWARE\\x", 0);
    CHILD_CHECK(s == STATUS_REGISTRY_CORRUPT);
    _exit(0);
}

static void ChildUnreachable(void)
{
    HANDLE K;
    NTSTATUS s = Open(&K, NULL, L"\\Registry\\Machine\\SOFTWARE");
    fprintf(stderr, "status 0x%08X\n", (unsigned)s);
    CHILD_CHECK(s == STATUS_REGISTRY_IO_FAILED);
    _exit(0);
}

static const KM_CHILD Children[] = {
    { "persist_write", ChildPersistWrite }, { "volatile_gone", ChildVolatileGone },
    { "volatile_holder", ChildVolatileHolder }, { "held_stays", ChildHeldStays },
    { "held_gone", ChildHeldGone },         { "writer1", ChildWriter1 },
    { "writer2", ChildWriter2 },            { "crash_writer", ChildCrashWriter },
    { "corrupt", ChildCorrupt },            { "unreachable", ChildUnreachable },
};

/* ------------------------------------------------------------ tests */

static void TestPersistenceAndVolatile(HANDLE Base)
{
    HANDLE ParentVol, Vol, DeadParent, Mine;
    CHECK_EQ(SetDword(Base, "fromparent", 4321), STATUS_SUCCESS);
    CHECK_EQ(Create(&ParentVol, Base, L"parentvol", REG_OPTION_VOLATILE), STATUS_SUCCESS);

    CHECK_EQ(KmRunChildProcess("persist_write"), 0);
    CHECK_EQ(GetDword(Base, "fromchild"), 1234); /* another process committed it */
    /* The child's volatile keys stay until a kernel starts and cleans. */
    CHECK_EQ(Open(&Vol, Base, L"vol"), STATUS_SUCCESS);
    /* A key of mine below the dead child's volatile key. */
    CHECK_EQ(Open(&DeadParent, Base, L"deadparent"), STATUS_SUCCESS);
    CHECK_EQ(Create(&Mine, DeadParent, L"parentvol", REG_OPTION_VOLATILE), STATUS_SUCCESS);

    CHECK_EQ(KmRunChildProcess("volatile_gone"), 0);
    UCHAR Buffer[64];
    ULONG Len;
    CHECK_EQ(NtQueryKey(Vol, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_KEY_DELETED);
    CHECK_EQ(NtQueryKey(Mine, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(Exists(STORE L"\\stable"));
    CHECK(Exists(STORE L"\\parentvol"));
    NtClose(Vol);
    NtClose(Mine);
    NtClose(DeadParent);
    NtClose(ParentVol);

    /* Another running instance's volatile key survives a third's start. */
    int Fd = -1;
    char Ready = 0;
    pid_t Holder = Spawn("volatile_holder", &Fd);
    CHECK(Holder > 0);
    CHECK_EQ(read(Fd, &Ready, 1), 1);
    CHECK_EQ(Ready, 'r');
    CHECK_EQ(KmRunChildProcess("held_stays"), 0);
    CHECK(Exists(STORE L"\\held"));
    close(Fd); /* the holder ends */
    CHECK_EQ(WaitExit(Holder), 0);
    CHECK_EQ(KmRunChildProcess("held_gone"), 0);
}

typedef struct _WRITER {
    HANDLE Key;
    int Index;
    int Failures;
} WRITER;

static void *ThreadWriter(void *Arg)
{
    WRITER *W = Arg;
    char Name[32];
    for (int i = 0; i < 250; i++) {
        snprintf(Name, sizeof Name, "t%d_%d", W->Index, i);
        if (!NT_SUCCESS(SetDword(W->Key, Name, (ULONG)(W->Index * 1000 + i))))
            W->Failures++;
        if (i % 25 == 0) {
            HANDLE Sub;
            WCHAR KeyName[32];
            for (int k = 0;; k++) {
                KeyName[k] = (WCHAR)Name[k];
                if (!Name[k])
                    break;
            }
            if (NT_SUCCESS(Create(&Sub, W->Key, KeyName, 0)))
                NtClose(Sub);
            else
                W->Failures++;
        }
    }
    return NULL;
}

static void TestConcurrentWriters(HANDLE Base)
{
    HANDLE Key;
    pthread_t Threads[4];
    WRITER W[4];
    char Name[32];

    CHECK_EQ(Create(&Key, Base, L"concurrent", 0), STATUS_SUCCESS);
    /* Four threads of this process, and two other processes, at once. */
    pid_t P1 = Spawn("writer1", NULL), P2 = Spawn("writer2", NULL);
    for (int t = 0; t < 4; t++) {
        W[t].Key = Key;
        W[t].Index = t;
        W[t].Failures = 0;
        pthread_create(&Threads[t], NULL, ThreadWriter, &W[t]);
    }
    for (int t = 0; t < 4; t++) {
        pthread_join(Threads[t], NULL);
        CHECK_EQ(W[t].Failures, 0);
    }
    CHECK_EQ(WaitExit(P1), 0);
    CHECK_EQ(WaitExit(P2), 0);

    int Missing = 0;
    for (int t = 0; t < 4; t++)
        for (int i = 0; i < 250; i++) {
            snprintf(Name, sizeof Name, "t%d_%d", t, i);
            Missing += GetDword(Key, Name) != (ULONG)(t * 1000 + i);
        }
    for (int p = 1; p <= 2; p++)
        for (int i = 0; i < 300; i++) {
            snprintf(Name, sizeof Name, "p%d_%d", p, i);
            Missing += GetDword(Key, Name) != (ULONG)(p * 100000 + i);
        }
    CHECK_EQ(Missing, 0);
    KEY_FULL_INFORMATION Full;
    ULONG Len;
    CHECK_EQ(NtQueryKey(Key, KeyFullInformation, &Full, sizeof Full, &Len), STATUS_SUCCESS);
    CHECK_EQ(Full.Values, 4 * 250 + 2 * 300);
    CHECK_EQ(Full.SubKeys, 4 * 10 + 2 * 10);
    CHECK(StoreIntact());
    NtClose(Key);
}

static void TestCrash(HANDLE Base)
{
    int Fd = -1;
    ULONG Reported[8192];
    ULONG Count = 0, Index;
    HANDLE Key;
    char Name[32];

    pid_t Writer = Spawn("crash_writer", &Fd);
    CHECK(Writer > 0);
    /* Let it commit a while, then kill it wherever it is. */
    while (Count < 300 && read(Fd, &Index, sizeof Index) == sizeof Index)
        Reported[Count++] = Index;
    kill(Writer, SIGKILL);
    while (Count < RTL_NUMBER_OF(Reported) && read(Fd, &Index, sizeof Index) == sizeof Index)
        Reported[Count++] = Index;
    close(Fd);
    CHECK_EQ(WaitExit(Writer), 128 + SIGKILL);
    CHECK(Count >= 300);

    /* Every value it reported as committed is there. */
    CHECK_EQ(Open(&Key, Base, L"crash"), STATUS_SUCCESS);
    int Lost = 0;
    for (ULONG i = 0; i < Count; i++) {
        snprintf(Name, sizeof Name, "v%u", Reported[i]);
        Lost += GetDword(Key, Name) != (Reported[i] ^ 0x5A5A5A5A);
    }
    CHECK_EQ(Lost, 0);
    CHECK(StoreIntact());
    /* And writing goes on. */
    CHECK_EQ(SetDword(Key, "after", 7), STATUS_SUCCESS);
    CHECK_EQ(NtFlushKey(Key), STATUS_SUCCESS);
    CHECK_EQ(GetDword(Key, "after"), 7);
    NtClose(Key);
}

static HANDLE ForkBase;

static void ForkedBody(void)
{
    HANDLE Key;
    /* The parent's handle works in the child (a copy of its kernel), with
     * a connection of the child's own. */
    if (GetDword(ForkBase, "fromparent") != 4321)
        _exit(2);
    if (!NT_SUCCESS(SetDword(ForkBase, "fromfork", 99)))
        _exit(3);
    if (!NT_SUCCESS(Create(&Key, ForkBase, L"forkvol", REG_OPTION_VOLATILE)))
        _exit(4);
    _exit(0);
}

static void TestFork(HANDLE Base)
{
    ForkBase = Base;
    CHECK_EQ(KmRunChild(ForkedBody), 0);
    CHECK_EQ(GetDword(Base, "fromfork"), 99);
    CHECK(Exists(STORE L"\\forkvol"));
    /* The parent's connection is untouched. */
    CHECK_EQ(SetDword(Base, "afterfork", 5), STATUS_SUCCESS);
    CHECK_EQ(GetDword(Base, "afterfork"), 5);
    CHECK(StoreIntact());
}

/* Run child Name with another prefix (PREFIX-suffix), prepared by Prepare. */
static int RunWithPrefix(const char *Name, const char *Suffix, void (*Prepare)(const char *Dir))
{
    char Dir[4096 + 32];
    const char *Old = getenv("NTIO_PREFIX");
    char *Saved = Old ? strdup(Old) : NULL;
    snprintf(Dir, sizeof Dir, "%s-%s", ExpGetPrefix(), Suffix);
    mkdir(Dir, 0755);
    Prepare(Dir);
    setenv("NTIO_PREFIX", Dir, 1);
    int Status = KmRunChildProcess(Name);
    if (Saved) {
        setenv("NTIO_PREFIX", Saved, 1);
        free(Saved);
    } else {
        unsetenv("NTIO_PREFIX");
    }
    return Status;
}

static void WriteGarbage(const char *Dir)
{
    char Path[4200];
    char Junk[8192];
    snprintf(Path, sizeof Path, "%s/registry.db", Dir);
    memset(Junk, 'x', sizeof Junk);
    FILE *F = fopen(Path, "wb");
    if (F) {
        fwrite(Junk, 1, sizeof Junk, F);
        fclose(F);
    }
}

static void MakeDirectoryInTheWay(const char *Dir)
{
    char Path[4200];
    snprintf(Path, sizeof Path, "%s/registry.db", Dir);
    mkdir(Path, 0755);
}

static void TestDamagedStore(void)
{
    int Status = RunWithPrefix("corrupt", "corrupt", WriteGarbage);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 0);
    CHECK_HAS(KmStderr, "ntio: registry");
    CHECK_HAS(KmStderr, "registry.db");
    Status = RunWithPrefix("unreachable", "unreachable", MakeDirectoryInTheWay);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 0);
    CHECK_HAS(KmStderr, "cannot open the database");
}

/* A key whose stored security descriptor was damaged on disk (offsets
 * pointing outside it, an ACE longer than its ACL): opening it with an
 * access check is STATUS_REGISTRY_CORRUPT, not a read out of bounds. */
static void DamageLastKeySd(const char *Hex)
{
    sqlite3 *Db = NULL;
    char Sql[512];
    snprintf(Sql, sizeof Sql, "UPDATE keys SET sd = X'%s' WHERE id = (SELECT max(id) FROM keys)", Hex);
    CHECK_EQ(sqlite3_open(CmpStorePath(), &Db), SQLITE_OK);
    sqlite3_busy_timeout(Db, 10000);
    CHECK_EQ(sqlite3_exec(Db, Sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(Db);
}

static void TestDamagedSecurity(HANDLE Base)
{
    static const char *const Damaged[] = {
        /* DACL present at offset 0x7FFFFFF0 of a 20-byte descriptor */
        "0100048000000000000000000000000000F0FFFF7F",
        /* an owner SID claiming 15 sub-authorities in 28 bytes */
        "010004801400000000000000000000000000000001" "0F00000000000005" "00000000",
        /* a DACL whose one ACE says it is 0x4000 bytes long */
        "0100048000000000000000000000000014000000" "02001C0001000000" "00000040FF011F00"
        "0101000000000005" "12000000",
    };
    for (size_t i = 0; i < sizeof Damaged / sizeof Damaged[0]; i++) {
        static const PCWSTR Names[] = { L"BadSd0", L"BadSd1", L"BadSd2" };
        PCWSTR Name = Names[i];
        HANDLE Key;
        CHECK_EQ(Create(&Key, Base, Name, 0), STATUS_SUCCESS);
        NtClose(Key);
        DamageLastKeySd(Damaged[i]);
        UNICODE_STRING U;
        OBJECT_ATTRIBUTES A;
        RtlInitUnicodeString(&U, Name);
        InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE | OBJ_FORCE_ACCESS_CHECK, Base, NULL);
        CHECK_EQ(NtOpenKey(&Key, KEY_READ, &A), STATUS_REGISTRY_CORRUPT);
    }
}

/* Delete Root\Name and everything below it. */
static void DeleteTree(HANDLE Root, PCWSTR Name)
{
    HANDLE Key;
    UCHAR Buffer[600];
    ULONG Len;
    if (!NT_SUCCESS(Open(&Key, Root, Name)))
        return;
    while (NT_SUCCESS(NtEnumerateKey(Key, 0, KeyBasicInformation, Buffer, sizeof Buffer - 2, &Len))) {
        PKEY_BASIC_INFORMATION B = (PVOID)Buffer;
        WCHAR Child[300];
        memcpy(Child, B->Name, B->NameLength);
        Child[B->NameLength / 2] = 0;
        DeleteTree(Key, Child);
    }
    NtDeleteKey(Key);
    NtClose(Key);
}

int main(int argc, char **argv)
{
    HANDLE Base;
    KmChildMain(argc, argv, Children, sizeof Children / sizeof Children[0]);
    signal(SIGPIPE, SIG_IGN);
    DeleteTree(NULL, STORE);
    CHECK_EQ(Create(&Base, NULL, STORE, 0), STATUS_SUCCESS);

    TestPersistenceAndVolatile(Base);
    TestConcurrentWriters(Base);
    TestCrash(Base);
    TestFork(Base);
    TestDamagedStore();
    TestDamagedSecurity(Base);
    CHECK(StoreIntact());

    NtClose(Base);
    return test_summary("test_registry_store");
}
