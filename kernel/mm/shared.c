/*
 * mm/shared.c - "physical memory": the pages behind nonpaged pool.
 *
 * Nonpaged pool is carved from one memfd, ntio's physical memory.  Its
 * pages are mapped once where the pool uses them, and an MDL that
 * describes them can be mapped again — MmMapLockedPagesSpecifyCache with
 * UserMode — as a second mmap of the same file offsets: two virtual views
 * of the same physical pages, exactly as on Windows (seed texts 000/001).
 * File offsets are handed out by a bump allocator (the file is sparse);
 * freed ranges are punched out so their memory goes back to the system.
 *
 * fork(): a child must not share the parent's pool.  In a forked child
 * every region is replaced, at the same address, by a private copy, and
 * the child gets a fresh (empty) physical-memory file of its own; the
 * copied regions can no longer be aliased.
 *
 * Locking: MiSharedLock guards the registry, the file and the offset
 * counter; fork holds it across the fork (pthread_atfork) so the child's
 * copy is consistent.
 */
#include "mm.h"
#include "usercopy.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MI_NO_OFFSET ((ULONGLONG)-1)

typedef struct _MI_SHARED_REGION {
    PVOID Base;
    SIZE_T Size;
    ULONGLONG Offset;   /* in the physical-memory file, or MI_NO_OFFSET */
    BOOLEAN View;       /* a second view: unmapping it frees no memory */
} MI_SHARED_REGION;

static pthread_mutex_t MiSharedLock = PTHREAD_MUTEX_INITIALIZER;
static MI_SHARED_REGION *MiShared;
static SIZE_T MiSharedCount, MiSharedCapacity;
static int MiPhysicalFd = -1;
static ULONGLONG MiNextOffset;
static pthread_once_t MiSharedOnce = PTHREAD_ONCE_INIT;

static void MiForkPrepare(void)
{
    pthread_mutex_lock(&MiSharedLock);
}

static void MiForkParent(void)
{
    pthread_mutex_unlock(&MiSharedLock);
}

static DECLSPEC_NORETURN void MiForkFailed(void)
{
    static const char Msg[] = "ntio: fork: cannot copy the kernel's pool; the child stops\n";
    (void)!write(2, Msg, sizeof Msg - 1);
    _exit(127);
}

static void MiForkChild(void)
{
    for (SIZE_T i = 0; i < MiSharedCount; i++) {
        PVOID Base = MiShared[i].Base;
        SIZE_T Size = MiShared[i].Size;
        PVOID Copy = mmap(NULL, Size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (Copy == MAP_FAILED)
            MiForkFailed();
        /* Not memcpy: under ASan, free slab blocks are poisoned, and the
         * copy must read them too. */
        MiCopyUserMemory(Copy, Base, Size);
        /* Replace the shared pages at the same address, atomically. */
        if (mremap(Copy, Size, Size, MREMAP_MAYMOVE | MREMAP_FIXED, Base) == MAP_FAILED)
            MiForkFailed();
        MiShared[i].Offset = MI_NO_OFFSET;
    }
    /* The parent's file is the parent's: the child starts a new one. */
    if (MiPhysicalFd >= 0)
        close(MiPhysicalFd);
    MiPhysicalFd = -1;
    MiNextOffset = 0;
    pthread_mutex_unlock(&MiSharedLock);
}

static void MiSharedInit(void)
{
    pthread_atfork(MiForkPrepare, MiForkParent, MiForkChild);
}

/* Both called with MiSharedLock held. */
static BOOLEAN MiRecord(PVOID Base, SIZE_T Size, ULONGLONG Offset, BOOLEAN View)
{
    if (MiSharedCount == MiSharedCapacity) {
        SIZE_T NewCap = MiSharedCapacity ? MiSharedCapacity * 2 : 64;
        MI_SHARED_REGION *New = realloc(MiShared, NewCap * sizeof *New);
        if (!New)
            return FALSE;
        MiShared = New;
        MiSharedCapacity = NewCap;
    }
    MiShared[MiSharedCount++] = (MI_SHARED_REGION){ Base, Size, Offset, View };
    return TRUE;
}

static SSIZE_T MiFind(PVOID Base)
{
    for (SIZE_T i = 0; i < MiSharedCount; i++)
        if (MiShared[i].Base == Base)
            return (SSIZE_T)i;
    return -1;
}

PVOID MiAllocateSharedMemory(SIZE_T Size)
{
    PVOID Base = NULL;
    pthread_once(&MiSharedOnce, MiSharedInit);
    Size = ROUND_TO_PAGES(Size);
    pthread_mutex_lock(&MiSharedLock);
    if (MiPhysicalFd < 0) {
        MiPhysicalFd = memfd_create("ntio-physical-memory", MFD_CLOEXEC);
        if (MiPhysicalFd < 0)
            goto out;
    }
    ULONGLONG Offset = MiNextOffset;
    if (ftruncate(MiPhysicalFd, (off_t)(Offset + Size)) != 0)
        goto out;
    Base = mmap(NULL, Size, PROT_READ | PROT_WRITE, MAP_SHARED, MiPhysicalFd, (off_t)Offset);
    if (Base == MAP_FAILED) {
        Base = NULL;
        goto out;
    }
    if (!MiRecord(Base, Size, Offset, FALSE)) {
        munmap(Base, Size);
        Base = NULL;
        goto out;
    }
    MiNextOffset = Offset + Size;
out:
    pthread_mutex_unlock(&MiSharedLock);
    return Base;
}

VOID MiFreeSharedMemory(PVOID Base)
{
    pthread_mutex_lock(&MiSharedLock);
    SSIZE_T i = MiFind(Base);
    if (i >= 0) {
        MI_SHARED_REGION R = MiShared[i];
        MiShared[i] = MiShared[--MiSharedCount];
        munmap(R.Base, R.Size);
        if (!R.View && R.Offset != MI_NO_OFFSET)
            /* Give the pages back; the offsets are never reused. */
            fallocate(MiPhysicalFd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)R.Offset,
                      (off_t)R.Size);
    }
    pthread_mutex_unlock(&MiSharedLock);
}

PVOID MiMapSharedView(PVOID Address, SIZE_T Size)
{
    PVOID View = NULL;
    ULONG_PTR a = (ULONG_PTR)Address;
    pthread_mutex_lock(&MiSharedLock);
    for (SIZE_T i = 0; i < MiSharedCount; i++) {
        MI_SHARED_REGION *R = &MiShared[i];
        ULONG_PTR b = (ULONG_PTR)R->Base;
        if (R->Offset == MI_NO_OFFSET || a < b || a + Size > b + R->Size || a + Size < a)
            continue;
        /* The same physical pages, at a new address. */
        View = mmap(NULL, Size, PROT_READ | PROT_WRITE, MAP_SHARED, MiPhysicalFd,
                    (off_t)(R->Offset + (a - b)));
        if (View == MAP_FAILED) {
            View = NULL;
        } else if (!MiRecord(View, Size, R->Offset + (a - b), TRUE)) {
            munmap(View, Size);
            View = NULL;
        }
        break;
    }
    pthread_mutex_unlock(&MiSharedLock);
    return View;
}
