/*
 * ex/npslab.c - small blocks of nonpaged pool.
 *
 * Nonpaged pool lives in ntio's physical memory (mm/shared.c) so that any block can
 * be described by an MDL and mapped a second time into the application
 * (MmMapLockedPagesSpecifyCache with UserMode; the flows in the seed texts
 * share 1 KB and 4 KB pool buffers this way).  Blocks under a page come
 * from this slab: 64 KB chunks carved into blocks of one size class, a free
 * list per class.  Memory is kept for reuse, as Windows' pool keeps its
 * pages.
 *
 * Under AddressSanitizer the part of a block past what the caller asked
 * for, and every free block, is poisoned: a driver's overrun or use after
 * free is still reported.
 */
#include "ex.h"
#include "ke/ke.h"
#include "mm/mm.h"


#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#define SLAB_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define SLAB_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define SLAB_POISON(p, n) ((void)(p), (void)(n))
#define SLAB_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define SLAB_CHUNK (64 * 1024)

/* Block sizes, header included; all multiples of 64, so with a 64-byte
 * header every block's data is cache-line aligned. */
static const ULONG ExpSlabSizes[] = { 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4160 };
#define SLAB_CLASSES RTL_NUMBER_OF(ExpSlabSizes)

typedef struct _SLAB_FREE {
    struct _SLAB_FREE *Next;
} SLAB_FREE;

/* Each class: its lock (raw, never held across anything that waits) and
 * the free list it guards. */
static struct {
    KSPIN_LOCK Lock;
    SLAB_FREE *Free;
} __attribute__((aligned(64))) ExpSlab[SLAB_CLASSES];

ULONG ExpSlabClassOf(SIZE_T BlockBytes)
{
    for (ULONG c = 0; c < SLAB_CLASSES; c++)
        if (BlockBytes <= ExpSlabSizes[c])
            return c;
    return (ULONG)-1;
}

ULONG ExpSlabHeaderBytes(VOID)
{
    return 64;
}

static BOOLEAN ExpSlabRefill(ULONG Class)
{
    PUCHAR Chunk = MiAllocateSharedMemory(SLAB_CHUNK);
    if (!Chunk)
        return FALSE;
#if defined(__SANITIZE_ADDRESS__)
    /* LeakSanitizer scans only the C heap, stacks and globals: pool blocks
     * hold the only pointers to much of the kernel's memory. */
    __lsan_register_root_region(Chunk, SLAB_CHUNK);
#endif
    ULONG Size = ExpSlabSizes[Class], Count = SLAB_CHUNK / Size;
    SLAB_FREE *Head = NULL;
    for (ULONG i = Count; i-- > 0;) {
        SLAB_FREE *B = (SLAB_FREE *)(Chunk + (SIZE_T)i * Size);
        B->Next = Head;
        Head = B;
        SLAB_POISON((PUCHAR)B + 64, Size - 64);
    }
    SLAB_FREE *Last = (SLAB_FREE *)(Chunk + (SIZE_T)(Count - 1) * Size);
    KiAcquireSpinLockRaw(&ExpSlab[Class].Lock, KiGetCurrentThread());
    Last->Next = ExpSlab[Class].Free;
    ExpSlab[Class].Free = Head;
    KiReleaseSpinLockRaw(&ExpSlab[Class].Lock);
    return TRUE;
}

PVOID ExpSlabAllocate(ULONG Class, SIZE_T UsedBytes)
{
    for (;;) {
        KiAcquireSpinLockRaw(&ExpSlab[Class].Lock, KiGetCurrentThread());
        SLAB_FREE *B = ExpSlab[Class].Free;
        if (B)
            ExpSlab[Class].Free = B->Next;
        KiReleaseSpinLockRaw(&ExpSlab[Class].Lock);
        if (B) {
            SLAB_UNPOISON(B, UsedBytes);
            return B;
        }
        if (!ExpSlabRefill(Class))
            return NULL;
    }
}

VOID ExpSlabFree(PVOID Block, ULONG Class)
{
    SLAB_FREE *B = Block;
    SLAB_POISON((PUCHAR)B + 64, ExpSlabSizes[Class] - 64);
    KiAcquireSpinLockRaw(&ExpSlab[Class].Lock, KiGetCurrentThread());
    B->Next = ExpSlab[Class].Free;
    ExpSlab[Class].Free = B;
    KiReleaseSpinLockRaw(&ExpSlab[Class].Lock);
}
