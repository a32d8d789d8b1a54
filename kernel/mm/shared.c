/*
 * mm/shared.c - the shared mappings behind nonpaged pool and user views,
 * and what happens to them across fork().
 *
 * Nonpaged pool lives in MAP_SHARED memory (so MDLs can alias it into the
 * application).  A forked child would keep sharing it with the parent: its
 * allocations would corrupt the parent's pool and free lists.  So every
 * such region is registered here, and in a forked child each is replaced,
 * at the same address, by a private copy of its contents — the child gets
 * the copy of the kernel's memory that fork() promises.
 *
 * Locking: MiSharedLock guards the registry; fork holds it across the
 * fork (pthread_atfork), so the child's copy is consistent.
 */
#include "mm.h"
#include "usercopy.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct _MI_SHARED_REGION {
    PVOID Base;
    SIZE_T Size;
} MI_SHARED_REGION;

static pthread_mutex_t MiSharedLock = PTHREAD_MUTEX_INITIALIZER;
static MI_SHARED_REGION *MiShared;
static SIZE_T MiSharedCount, MiSharedCapacity;
static pthread_once_t MiSharedOnce = PTHREAD_ONCE_INIT;

static void MiForkPrepare(void)
{
    pthread_mutex_lock(&MiSharedLock);
}

static void MiForkParent(void)
{
    pthread_mutex_unlock(&MiSharedLock);
}

static void MiForkChild(void)
{
    for (SIZE_T i = 0; i < MiSharedCount; i++) {
        PVOID Base = MiShared[i].Base;
        SIZE_T Size = MiShared[i].Size;
        PVOID Copy = mmap(NULL, Size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (Copy == MAP_FAILED) {
            static const char Msg[] = "ntio: fork: cannot copy the kernel's pool; the child stops\n";
            (void)!write(2, Msg, sizeof Msg - 1);
            _exit(127);
        }
        /* Not memcpy: under ASan, free slab blocks are poisoned, and the
         * copy must read them too. */
        MiCopyUserMemory(Copy, Base, Size);
        /* Replace the shared pages at the same address, atomically. */
        if (mremap(Copy, Size, Size, MREMAP_MAYMOVE | MREMAP_FIXED, Base) == MAP_FAILED) {
            static const char Msg[] = "ntio: fork: cannot privatise the kernel's pool; the child stops\n";
            (void)!write(2, Msg, sizeof Msg - 1);
            _exit(127);
        }
    }
    pthread_mutex_unlock(&MiSharedLock);
}

static void MiSharedInit(void)
{
    pthread_atfork(MiForkPrepare, MiForkParent, MiForkChild);
}

BOOLEAN MiRegisterSharedRegion(PVOID Base, SIZE_T Size)
{
    pthread_once(&MiSharedOnce, MiSharedInit);
    pthread_mutex_lock(&MiSharedLock);
    if (MiSharedCount == MiSharedCapacity) {
        SIZE_T NewCap = MiSharedCapacity ? MiSharedCapacity * 2 : 64;
        MI_SHARED_REGION *New = realloc(MiShared, NewCap * sizeof *New);
        if (!New) {
            pthread_mutex_unlock(&MiSharedLock);
            return FALSE;
        }
        MiShared = New;
        MiSharedCapacity = NewCap;
    }
    MiShared[MiSharedCount].Base = Base;
    MiShared[MiSharedCount].Size = Size;
    MiSharedCount++;
    pthread_mutex_unlock(&MiSharedLock);
    return TRUE;
}

VOID MiUnregisterSharedRegion(PVOID Base)
{
    pthread_mutex_lock(&MiSharedLock);
    for (SIZE_T i = 0; i < MiSharedCount; i++) {
        if (MiShared[i].Base == Base) {
            MiShared[i] = MiShared[--MiSharedCount];
            break;
        }
    }
    pthread_mutex_unlock(&MiSharedLock);
}
