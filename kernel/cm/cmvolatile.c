/*
 * cm/cmvolatile.c - volatile keys (REG_OPTION_VOLATILE): they belong to
 * the kernel instance that created them and vanish when it ends, as
 * Windows' vanish at shutdown.
 *
 * In the embedded model a kernel instance is a process.  A volatile key
 * records its instance as "BOOTID:PID:STARTTIME" (the boot, so that a pid
 * reused after a reboot is not mistaken for the old one; the process start
 * time, so that a pid reused by another process is not).  When a kernel
 * starts (CmInitSystem), the volatile keys of instances that are no longer
 * running are deleted.  A dead instance's key with live instances' keys
 * below it (HARDWARE, created by whichever instance came first, holds
 * everyone's volatile keys) is handed to one of those instances instead, so
 * that no running instance sees its own keys disappear.
 */
#include "cm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Guarded by the store lock. */
static char CmpInstance[96];
static pid_t CmpInstancePid;
static char CmpBootId[40];

static BOOLEAN CmpReadSmallFile(const char *Path, char *Buffer, size_t Size)
{
    int Fd = open(Path, O_RDONLY | O_CLOEXEC);
    ssize_t n;
    if (Fd < 0)
        return FALSE;
    n = read(Fd, Buffer, Size - 1);
    close(Fd);
    if (n <= 0)
        return FALSE;
    Buffer[n] = 0;
    return TRUE;
}

static const char *CmpGetBootId(VOID)
{
    if (!CmpBootId[0]) {
        char Raw[64];
        if (CmpReadSmallFile("/proc/sys/kernel/random/boot_id", Raw, sizeof Raw)) {
            size_t n = strcspn(Raw, "\n");
            if (n >= sizeof CmpBootId)
                n = sizeof CmpBootId - 1;
            memcpy(CmpBootId, Raw, n);
            CmpBootId[n] = 0;
        } else {
            strcpy(CmpBootId, "noboot");
        }
    }
    return CmpBootId;
}

/* A process's start time (field 22 of /proc/PID/stat, in clock ticks
 * since boot) and whether it is a zombie.  FALSE when there is no such
 * process. */
static BOOLEAN CmpProcessStartTime(pid_t Pid, unsigned long long *Start, BOOLEAN *Zombie, int *Error)
{
    char Path[64], Stat[1024];
    int Fd;
    ssize_t n;
    snprintf(Path, sizeof Path, "/proc/%d/stat", (int)Pid);
    Fd = open(Path, O_RDONLY | O_CLOEXEC);
    if (Fd < 0) {
        *Error = errno;
        return FALSE;
    }
    n = read(Fd, Stat, sizeof Stat - 1);
    close(Fd);
    if (n <= 0) {
        *Error = EIO;
        return FALSE;
    }
    Stat[n] = 0;
    /* The command name is in parentheses and may hold anything: count
     * the fields after the last ')'. */
    char *p = strrchr(Stat, ')');
    if (!p) {
        *Error = EIO;
        return FALSE;
    }
    p++;
    char State = 0;
    for (int Field = 3; Field <= 22; Field++) {
        while (*p == ' ')
            p++;
        if (!*p) {
            *Error = EIO;
            return FALSE;
        }
        if (Field == 3)
            State = *p;
        if (Field == 22) {
            *Start = strtoull(p, NULL, 10);
            break;
        }
        while (*p && *p != ' ')
            p++;
    }
    *Zombie = State == 'Z' || State == 'X';
    return TRUE;
}

const char *CmpCurrentInstance(VOID)
{
    pid_t Pid = getpid();
    if (Pid != CmpInstancePid || !CmpInstance[0]) {
        unsigned long long Start = 0;
        BOOLEAN Zombie;
        int Error;
        CmpProcessStartTime(Pid, &Start, &Zombie, &Error);
        snprintf(CmpInstance, sizeof CmpInstance, "%s:%d:%llu", CmpGetBootId(), (int)Pid, Start);
        CmpInstancePid = Pid;
    }
    return CmpInstance;
}

/* Is the instance that wrote Id still running? */
static BOOLEAN CmpInstanceAlive(const char *Id)
{
    const char *Boot = CmpGetBootId();
    size_t BootLength = strlen(Boot);
    unsigned long long Recorded, Start;
    BOOLEAN Zombie;
    int Pid, Error = 0;

    if (strncmp(Id, Boot, BootLength) != 0 || Id[BootLength] != ':')
        return FALSE; /* another boot */
    if (sscanf(Id + BootLength + 1, "%d:%llu", &Pid, &Recorded) != 2 || Pid <= 0)
        return FALSE; /* not ours to understand: it cannot be running */
    if (!CmpProcessStartTime(Pid, &Start, &Zombie, &Error))
        return Error != ENOENT && Error != ESRCH; /* unreadable: assume it runs */
    return Start == Recorded && !Zombie;
}

#define CMP_MAX_OWNERS 256

typedef struct _CMP_OWNERS {
    ULONG Count;
    char *Owner[CMP_MAX_OWNERS];
    BOOLEAN Alive[CMP_MAX_OWNERS];
} CMP_OWNERS;

static VOID CmpFreeOwners(CMP_OWNERS *O)
{
    for (ULONG i = 0; i < O->Count; i++)
        free(O->Owner[i]);
    O->Count = 0;
}

static NTSTATUS CmpListOwners(CMP_OWNERS *O, BOOLEAN *AnyDead)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_VOLATILE_OWNERS, &Status);
    int Rc;
    *AnyDead = FALSE;
    O->Count = 0;
    if (!S)
        return Status;
    while ((Rc = CmpStep(S, &Status)) == SQLITE_ROW && O->Count < CMP_MAX_OWNERS) {
        const char *Text = (const char *)sqlite3_column_text(S, 0);
        char *Copy = Text ? strdup(Text) : NULL;
        if (!Copy)
            continue;
        O->Owner[O->Count] = Copy;
        O->Alive[O->Count] = CmpInstanceAlive(Copy);
        if (!O->Alive[O->Count])
            *AnyDead = TRUE;
        O->Count++;
    }
    sqlite3_reset(S);
    if (Rc != SQLITE_ROW && Rc != SQLITE_DONE) {
        CmpFreeOwners(O);
        return Status;
    }
    return STATUS_SUCCESS;
}

static BOOLEAN CmpOwnerAlive(const CMP_OWNERS *O, const char *Owner)
{
    for (ULONG i = 0; i < O->Count; i++)
        if (strcmp(O->Owner[i], Owner) == 0)
            return O->Alive[i];
    /* Appeared since the list was made: it is running. */
    return TRUE;
}

/* Delete one dead instance's key, or give it to a live owner below it. */
static NTSTATUS CmpRetireKey(const CMP_OWNERS *O, CM_KEY_ID Id)
{
    NTSTATUS Status = STATUS_SUCCESS;
    char Heir[sizeof CmpInstance] = "";
    sqlite3_stmt *S = CmpStatement(CMS_SUBTREE_OWNERS, &Status);
    int Rc;
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    while ((Rc = CmpStep(S, &Status)) == SQLITE_ROW) {
        const char *Owner = (const char *)sqlite3_column_text(S, 0);
        if (Owner && CmpOwnerAlive(O, Owner)) {
            snprintf(Heir, sizeof Heir, "%s", Owner);
            break;
        }
    }
    sqlite3_reset(S);
    if (Rc != SQLITE_ROW && Rc != SQLITE_DONE)
        return Status;

    if (Heir[0]) {
        S = CmpStatement(CMS_SET_OWNER, &Status);
        if (!S)
            return Status;
        sqlite3_bind_int64(S, 1, Id);
        sqlite3_bind_text(S, 2, Heir, -1, SQLITE_TRANSIENT);
    } else {
        S = CmpStatement(CMS_KEY_DELETE, &Status);
        if (!S)
            return Status;
        sqlite3_bind_int64(S, 1, Id);
    }
    if (CmpStep(S, &Status) != SQLITE_DONE)
        return Status;
    sqlite3_reset(S);
    return STATUS_SUCCESS;
}

NTSTATUS CmpCleanVolatileKeys(VOID)
{
    CMP_OWNERS *O = calloc(1, sizeof *O);
    BOOLEAN AnyDead;
    NTSTATUS Status;

    if (!O)
        return STATUS_INSUFFICIENT_RESOURCES;
    /* A look without the write lock first: usually nothing has died. */
    Status = CmpListOwners(O, &AnyDead);
    if (!NT_SUCCESS(Status) || !AnyDead) {
        CmpFreeOwners(O);
        free(O);
        return Status;
    }
    CmpFreeOwners(O);
    Status = CmpBeginWrite();
    if (!NT_SUCCESS(Status)) {
        free(O);
        return Status;
    }
    /* Again inside the transaction: another instance may have cleaned. */
    Status = CmpListOwners(O, &AnyDead);
    for (ULONG i = 0; NT_SUCCESS(Status) && i < O->Count; i++) {
        if (O->Alive[i])
            continue;
        /* The ids first (a delete cascades, so some may be gone when their
         * turn comes: deleting or re-owning a missing id does nothing). */
        CM_KEY_ID *Ids = NULL;
        ULONG Count = 0, Room = 0;
        sqlite3_stmt *S = CmpStatement(CMS_VOLATILE_KEYS_OF, &Status);
        int Rc = SQLITE_DONE;
        if (!S)
            break;
        sqlite3_bind_text(S, 1, O->Owner[i], -1, SQLITE_STATIC);
        while ((Rc = CmpStep(S, &Status)) == SQLITE_ROW) {
            if (Count == Room) {
                Room = Room ? Room * 2 : 16;
                CM_KEY_ID *More = realloc(Ids, Room * sizeof *Ids);
                if (!More) {
                    Status = STATUS_INSUFFICIENT_RESOURCES;
                    break;
                }
                Ids = More;
            }
            Ids[Count++] = sqlite3_column_int64(S, 0);
        }
        sqlite3_reset(S);
        for (ULONG k = 0; NT_SUCCESS(Status) && k < Count; k++)
            Status = CmpRetireKey(O, Ids[k]);
        free(Ids);
    }
    CmpFreeOwners(O);
    free(O);
    return CmpEndWrite(Status);
}
