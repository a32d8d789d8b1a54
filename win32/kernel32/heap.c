/*
 * kernel32/heap.c - heaps: GetProcessHeap, HeapCreate, HeapDestroy,
 * HeapAlloc, HeapReAlloc, HeapFree, HeapSize, and the fixed-memory
 * LocalAlloc/GlobalAlloc families on top of the process heap.
 *
 * A heap is a list of blocks.  A block is one allocation of the C library
 * (so AddressSanitizer and valgrind see every heap block and its bounds),
 * made of a header and the caller's bytes, 16-byte aligned as
 * MEMORY_ALLOCATION_ALIGNMENT is on x64.  An executable heap
 * (HEAP_CREATE_ENABLE_EXECUTE) maps each block with PROT_EXEC instead.
 * The header names the heap and carries a signature, so a pointer that is
 * not a live block of that heap is refused instead of corrupting it.
 *
 * Heap structures are never freed: a destroyed heap keeps its memory (its
 * signature cleared) for the next HeapCreate, so a stale handle is
 * recognised instead of being read after free.
 */
#include "k32.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define BASE_HEAP_SIGNATURE 0x50414548u      /* 'HEAP' */
#define BASE_BLOCK_BUSY 0x4B4C4255u          /* 'UBLK' */
#define BASE_BLOCK_FREE 0x45455246u          /* 'FREE' */
#define BASE_BLOCK_MAPPED 0x1                /* BASE_HEAP_BLOCK.Flags: mmap'd (executable heap) */
/* The largest block of a heap with a maximum size (HeapAlloc, HeapReAlloc). */
#define BASE_FIXED_HEAP_BLOCK_LIMIT 0x7FFF8
#define BASE_PAGE_SIZE 4096

typedef struct _BASE_HEAP_BLOCK {
    struct _BASE_HEAP_BLOCK *Next, *Prev;   /* the heap's blocks; guarded by its Lock */
    struct _BASE_HEAP *Heap;
    SIZE_T Size;                            /* the size the caller asked for */
    ULONG Signature;                        /* BASE_BLOCK_BUSY while allocated */
    ULONG Flags;
    ULONG_PTR Reserved;                     /* keeps the caller's bytes 16-byte aligned */
} BASE_HEAP_BLOCK, *PBASE_HEAP_BLOCK;

NTIO_STATIC_ASSERT(sizeof(BASE_HEAP_BLOCK) % 16 == 0, "heap blocks must stay 16-byte aligned");

typedef struct _BASE_HEAP {
    volatile ULONG Signature;               /* BASE_HEAP_SIGNATURE while the heap exists */
    ULONG Options;                          /* HeapCreate flOptions */
    SIZE_T MaximumSize;                     /* 0: growable */
    pthread_mutex_t Lock;                   /* guards Blocks and InUse */
    BASE_HEAP_BLOCK Blocks;                 /* list head */
    SIZE_T InUse;                           /* bytes of blocks and headers */
    struct _BASE_HEAP *NextFree;            /* BaseFreeHeaps, once destroyed */
} BASE_HEAP, *PBASE_HEAP;

static pthread_mutex_t BaseHeapListLock = PTHREAD_MUTEX_INITIALIZER;
static PBASE_HEAP BaseFreeHeaps;            /* destroyed heaps for reuse; guarded by BaseHeapListLock */
static PBASE_HEAP BaseProcessHeap;
static pthread_once_t BaseProcessHeapOnce = PTHREAD_ONCE_INIT;

/* ---------------------------------------------------------------- helpers */

static PBASE_HEAP BaseNewHeap(DWORD Options, SIZE_T MaximumSize)
{
    PBASE_HEAP Heap;
    pthread_mutex_lock(&BaseHeapListLock);
    Heap = BaseFreeHeaps;
    if (Heap)
        BaseFreeHeaps = Heap->NextFree;
    pthread_mutex_unlock(&BaseHeapListLock);
    if (!Heap && !(Heap = malloc(sizeof *Heap)))
        return NULL;
    memset(Heap, 0, sizeof *Heap);
    pthread_mutex_init(&Heap->Lock, NULL);
    Heap->Options = Options;
    Heap->MaximumSize = MaximumSize;
    Heap->Blocks.Next = Heap->Blocks.Prev = &Heap->Blocks;
    __atomic_store_n(&Heap->Signature, BASE_HEAP_SIGNATURE, __ATOMIC_RELEASE);
    return Heap;
}

static void BaseCreateProcessHeap(void)
{
    BaseProcessHeap = BaseNewHeap(0, 0);
}

/* The heap behind a handle, or NULL if it is not one. */
static PBASE_HEAP BaseHeapOf(HANDLE hHeap)
{
    PBASE_HEAP Heap = hHeap;
    volatile ULONG Signature = 0;
    if (!Heap || ((ULONG_PTR)Heap & 7))
        return NULL;
    __try {
        Signature = __atomic_load_n(&Heap->Signature, __ATOMIC_ACQUIRE);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return NULL;
    }
    return Signature == BASE_HEAP_SIGNATURE ? Heap : NULL;
}

/* The live block of Heap behind a caller's pointer, or NULL. */
static PBASE_HEAP_BLOCK BaseBlockOf(PBASE_HEAP Heap, LPCVOID Memory)
{
    PBASE_HEAP_BLOCK Block;
    volatile ULONG Signature = 0;
    PBASE_HEAP volatile Owner = NULL;
    if (!Memory || ((ULONG_PTR)Memory & 15))
        return NULL;
    Block = (PBASE_HEAP_BLOCK)Memory - 1;
    __try {
        Signature = Block->Signature;
        Owner = Block->Heap;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return NULL;
    }
    return (Signature == BASE_BLOCK_BUSY && Owner == Heap) ? Block : NULL;
}

static VOID BaseLinkBlock(PBASE_HEAP Heap, PBASE_HEAP_BLOCK Block)
{
    Block->Next = &Heap->Blocks;
    Block->Prev = Heap->Blocks.Prev;
    Heap->Blocks.Prev->Next = Block;
    Heap->Blocks.Prev = Block;
}

static VOID BaseUnlinkBlock(PBASE_HEAP_BLOCK Block)
{
    Block->Prev->Next = Block->Next;
    Block->Next->Prev = Block->Prev;
}

static SIZE_T BaseMappedBytes(SIZE_T Size)
{
    return (sizeof(BASE_HEAP_BLOCK) + Size + BASE_PAGE_SIZE - 1) & ~(SIZE_T)(BASE_PAGE_SIZE - 1);
}

/* Storage for a block of Size caller bytes (not linked, not counted). */
static PBASE_HEAP_BLOCK BaseAllocateBlock(PBASE_HEAP Heap, SIZE_T Size)
{
    PBASE_HEAP_BLOCK Block;
    if (Size > MAXSIZE_T - sizeof(BASE_HEAP_BLOCK) - BASE_PAGE_SIZE)
        return NULL;
    if (Heap->Options & HEAP_CREATE_ENABLE_EXECUTE) {
        Block = mmap(NULL, BaseMappedBytes(Size), PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (Block == MAP_FAILED)
            return NULL;
        Block->Flags = BASE_BLOCK_MAPPED;
    } else {
        Block = malloc(sizeof(BASE_HEAP_BLOCK) + Size);
        if (!Block)
            return NULL;
        Block->Flags = 0;
    }
    Block->Heap = Heap;
    Block->Size = Size;
    Block->Reserved = 0;
    Block->Signature = BASE_BLOCK_BUSY;
    return Block;
}

static VOID BaseReleaseBlock(PBASE_HEAP_BLOCK Block)
{
    Block->Signature = BASE_BLOCK_FREE;
    if (Block->Flags & BASE_BLOCK_MAPPED)
        munmap(Block, BaseMappedBytes(Block->Size));
    else
        free(Block);
}

/* May a heap with a maximum size take Growth more bytes?  Lock held. */
static BOOL BaseFitsInHeap(PBASE_HEAP Heap, SIZE_T Size, SIZE_T Growth)
{
    if (!Heap->MaximumSize)
        return TRUE;
    return Size < BASE_FIXED_HEAP_BLOCK_LIMIT && Heap->InUse + Growth <= Heap->MaximumSize;
}

static BOOL BaseLock(PBASE_HEAP Heap, DWORD Flags)
{
    /* HEAP_NO_SERIALIZE permits not locking; locking anyway is always safe. */
    UNREFERENCED_PARAMETER(Flags);
    pthread_mutex_lock(&Heap->Lock);
    return TRUE;
}

static VOID BaseUnlock(PBASE_HEAP Heap)
{
    pthread_mutex_unlock(&Heap->Lock);
}

/* A failed HeapAlloc/HeapReAlloc: NULL, or the exception the caller asked for. */
static LPVOID BaseHeapFailure(DWORD Flags, PBASE_HEAP Heap, NTSTATUS Code)
{
    if ((Flags & HEAP_GENERATE_EXCEPTIONS) || (Heap && (Heap->Options & HEAP_GENERATE_EXCEPTIONS)))
        RtlRaiseStatus(Code);
    return NULL;
}

/* ------------------------------------------------------------- the API */

NTIO_EXPORT HANDLE WINAPI GetProcessHeap(VOID)
{
    pthread_once(&BaseProcessHeapOnce, BaseCreateProcessHeap);
    return BaseProcessHeap;
}

NTIO_EXPORT HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize)
{
    PBASE_HEAP Heap;
    SIZE_T Maximum = 0;
    /* The initial size is how much Windows commits up front; blocks come
     * from the C library here, so it only matters as a floor of the
     * maximum, which Windows rounds up to pages. */
    if (dwMaximumSize) {
        Maximum = dwMaximumSize > dwInitialSize ? dwMaximumSize : dwInitialSize;
        if (Maximum > MAXSIZE_T - BASE_PAGE_SIZE) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        Maximum = (Maximum + BASE_PAGE_SIZE - 1) & ~(SIZE_T)(BASE_PAGE_SIZE - 1);
    }
    Heap = BaseNewHeap(flOptions & (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS |
                                    HEAP_CREATE_ENABLE_EXECUTE),
                       Maximum);
    if (!Heap) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return Heap;
}

NTIO_EXPORT BOOL WINAPI HeapDestroy(HANDLE hHeap)
{
    PBASE_HEAP Heap = BaseHeapOf(hHeap);
    if (!Heap || Heap == GetProcessHeap()) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&Heap->Lock);
    __atomic_store_n(&Heap->Signature, 0, __ATOMIC_RELEASE);
    while (Heap->Blocks.Next != &Heap->Blocks) {
        PBASE_HEAP_BLOCK Block = Heap->Blocks.Next;
        BaseUnlinkBlock(Block);
        BaseReleaseBlock(Block);
    }
    Heap->InUse = 0;
    pthread_mutex_unlock(&Heap->Lock);
    pthread_mutex_destroy(&Heap->Lock);
    pthread_mutex_lock(&BaseHeapListLock);
    Heap->NextFree = BaseFreeHeaps;
    BaseFreeHeaps = Heap;
    pthread_mutex_unlock(&BaseHeapListLock);
    return TRUE;
}

NTIO_EXPORT LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    PBASE_HEAP Heap = BaseHeapOf(hHeap);
    PBASE_HEAP_BLOCK Block = NULL;

    /* HeapAlloc does not set the last error (Windows documents that). */
    if (!Heap)
        return BaseHeapFailure(dwFlags, NULL, STATUS_ACCESS_VIOLATION);
    BaseLock(Heap, dwFlags);
    if (BaseFitsInHeap(Heap, dwBytes, dwBytes + sizeof(BASE_HEAP_BLOCK)))
        Block = BaseAllocateBlock(Heap, dwBytes);
    if (Block) {
        BaseLinkBlock(Heap, Block);
        Heap->InUse += dwBytes + sizeof(BASE_HEAP_BLOCK);
    }
    BaseUnlock(Heap);
    if (!Block)
        return BaseHeapFailure(dwFlags, Heap, STATUS_NO_MEMORY);
    if (dwFlags & HEAP_ZERO_MEMORY)
        memset(Block + 1, 0, dwBytes);
    return Block + 1;
}

NTIO_EXPORT LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes)
{
    PBASE_HEAP Heap = BaseHeapOf(hHeap);
    PBASE_HEAP_BLOCK Block, Moved = NULL;
    SIZE_T OldSize;

    if (!Heap)
        return BaseHeapFailure(dwFlags, NULL, STATUS_ACCESS_VIOLATION);
    BaseLock(Heap, dwFlags);
    Block = BaseBlockOf(Heap, lpMem);
    if (!Block) {
        BaseUnlock(Heap);
        return BaseHeapFailure(dwFlags, Heap, STATUS_ACCESS_VIOLATION);
    }
    OldSize = Block->Size;
    if (!BaseFitsInHeap(Heap, dwBytes, dwBytes > OldSize ? dwBytes - OldSize : 0)) {
        BaseUnlock(Heap);
        return BaseHeapFailure(dwFlags, Heap, STATUS_NO_MEMORY);
    }
    if (dwBytes <= OldSize) {
        /* Shrinking never moves a block. */
        Block->Size = dwBytes;
        Moved = Block;
    } else if (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) {
        /* Growing in place: only into the slack the block already has. */
        SIZE_T Room = (Block->Flags & BASE_BLOCK_MAPPED)
                          ? BaseMappedBytes(OldSize) - sizeof(BASE_HEAP_BLOCK)
                          : malloc_usable_size(Block) - sizeof(BASE_HEAP_BLOCK);
        if (dwBytes <= Room) {
            Block->Size = dwBytes;
            Moved = Block;
        }
    } else if ((Moved = BaseAllocateBlock(Heap, dwBytes)) != NULL) {
        memcpy(Moved + 1, Block + 1, OldSize);
        BaseUnlinkBlock(Block);
        BaseReleaseBlock(Block);
        BaseLinkBlock(Heap, Moved);
    }
    if (Moved)
        Heap->InUse = Heap->InUse - OldSize + dwBytes;
    BaseUnlock(Heap);
    if (!Moved)
        return BaseHeapFailure(dwFlags, Heap, STATUS_NO_MEMORY);
    if ((dwFlags & HEAP_ZERO_MEMORY) && dwBytes > OldSize)
        memset((PUCHAR)(Moved + 1) + OldSize, 0, dwBytes - OldSize);
    return Moved + 1;
}

NTIO_EXPORT BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    PBASE_HEAP Heap = BaseHeapOf(hHeap);
    PBASE_HEAP_BLOCK Block;

    if (!Heap) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!lpMem)
        return TRUE;
    BaseLock(Heap, dwFlags);
    Block = BaseBlockOf(Heap, lpMem);
    if (Block) {
        BaseUnlinkBlock(Block);
        Heap->InUse -= Block->Size + sizeof(BASE_HEAP_BLOCK);
        BaseReleaseBlock(Block);
    }
    BaseUnlock(Heap);
    if (!Block) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    PBASE_HEAP Heap = BaseHeapOf(hHeap);
    PBASE_HEAP_BLOCK Block;
    SIZE_T Size = (SIZE_T)-1;

    /* HeapSize does not set the last error either. */
    if (!Heap)
        return Size;
    BaseLock(Heap, dwFlags);
    Block = BaseBlockOf(Heap, lpMem);
    if (Block)
        Size = Block->Size;
    BaseUnlock(Heap);
    return Size;
}

/* --------------------------------------------------- Local and Global */

static HANDLE BaseFixedAlloc(UINT Flags, SIZE_T Bytes, UINT ValidFlags, UINT Moveable,
                             UINT ZeroInit)
{
    LPVOID Memory;
    if (Flags & ~ValidFlags) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* Moveable memory needs LocalLock/GlobalLock, which ntio does not have. */
    if (Flags & Moveable) {
        SetLastError(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    Memory = HeapAlloc(GetProcessHeap(), (Flags & ZeroInit) ? HEAP_ZERO_MEMORY : 0, Bytes);
    if (!Memory)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return Memory;
}

static HANDLE BaseFixedFree(HANDLE Memory)
{
    if (!Memory)
        return NULL;
    if (!HeapFree(GetProcessHeap(), 0, Memory)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return Memory;
    }
    return NULL;
}

static SIZE_T BaseFixedSize(HANDLE Memory)
{
    SIZE_T Size = HeapSize(GetProcessHeap(), 0, Memory);
    if (Size == (SIZE_T)-1) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    return Size;
}

NTIO_EXPORT HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
    return BaseFixedAlloc(uFlags, uBytes, LMEM_VALID_FLAGS, LMEM_MOVEABLE, LMEM_ZEROINIT);
}

NTIO_EXPORT HLOCAL WINAPI LocalFree(HLOCAL hMem)
{
    return BaseFixedFree(hMem);
}

NTIO_EXPORT SIZE_T WINAPI LocalSize(HLOCAL hMem)
{
    return BaseFixedSize(hMem);
}

NTIO_EXPORT HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
    return BaseFixedAlloc(uFlags, dwBytes, GMEM_VALID_FLAGS, GMEM_MOVEABLE, GMEM_ZEROINIT);
}

NTIO_EXPORT HGLOBAL WINAPI GlobalFree(HGLOBAL hMem)
{
    return BaseFixedFree(hMem);
}

NTIO_EXPORT SIZE_T WINAPI GlobalSize(HGLOBAL hMem)
{
    return BaseFixedSize(hMem);
}
