/*
 * tests/win/heap.c - heaps through kernel32: the process heap, private
 * heaps (growable, fixed-size, executable), HeapAlloc / HeapReAlloc /
 * HeapSize / HeapFree with their flags, HEAP_GENERATE_EXCEPTIONS, bad
 * handles and pointers, concurrent use, and LocalAlloc / GlobalAlloc.
 */
#include <windows.h>

#include "../harness.h"

static BOOL AllBytes(const void *Memory, SIZE_T Size, UCHAR Value)
{
    const UCHAR *p = Memory;
    for (SIZE_T i = 0; i < Size; i++)
        if (p[i] != Value)
            return FALSE;
    return TRUE;
}

static void TestProcessHeap(void)
{
    HANDLE Heap = GetProcessHeap();
    CHECK(Heap != NULL);
    CHECK(GetProcessHeap() == Heap);

    char *p = HeapAlloc(Heap, 0, 100);
    CHECK(p != NULL);
    CHECK(((ULONG_PTR)p & 15) == 0);
    CHECK_EQ(HeapSize(Heap, 0, p), 100);
    memset(p, 'x', 100);

    char *q = HeapReAlloc(Heap, HEAP_ZERO_MEMORY, p, 5000);
    CHECK(q != NULL);
    CHECK_EQ(HeapSize(Heap, 0, q), 5000);
    CHECK(AllBytes(q, 100, 'x'));
    CHECK(AllBytes(q + 100, 4900, 0));

    /* Shrinking never moves, even when moving is allowed. */
    char *r = HeapReAlloc(Heap, 0, q, 10);
    CHECK(r == q);
    CHECK_EQ(HeapSize(Heap, 0, r), 10);
    CHECK(AllBytes(r, 10, 'x'));
    r = HeapReAlloc(Heap, HEAP_REALLOC_IN_PLACE_ONLY, r, 5);
    CHECK(r == q);
    CHECK_EQ(HeapSize(Heap, 0, r), 5);
    /* Growing a lot in place cannot work: NULL, and the block is intact. */
    CHECK(HeapReAlloc(Heap, HEAP_REALLOC_IN_PLACE_ONLY, r, 1 << 20) == NULL);
    CHECK_EQ(HeapSize(Heap, 0, r), 5);
    CHECK(AllBytes(r, 5, 'x'));
    CHECK(HeapFree(Heap, 0, r));

    /* Zero bytes is a valid block. */
    p = HeapAlloc(Heap, 0, 0);
    CHECK(p != NULL);
    CHECK_EQ(HeapSize(Heap, 0, p), 0);
    CHECK(HeapFree(Heap, 0, p));

    /* HEAP_ZERO_MEMORY, also on memory that was dirty before. */
    for (int i = 0; i < 20; i++) {
        p = HeapAlloc(Heap, 0, 333);
        memset(p, 0xAA, 333);
        HeapFree(Heap, 0, p);
        p = HeapAlloc(Heap, HEAP_ZERO_MEMORY, 333);
        CHECK(p && AllBytes(p, 333, 0));
        HeapFree(Heap, 0, p);
    }
    CHECK(HeapFree(Heap, 0, NULL));

    /* The process heap cannot be destroyed. */
    SetLastError(0);
    CHECK(!HeapDestroy(Heap));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
}

static void TestPrivateHeaps(void)
{
    HANDLE Heap = HeapCreate(0, 0, 0);
    CHECK(Heap != NULL && Heap != GetProcessHeap());
    void *Blocks[100];
    for (int i = 0; i < 100; i++) {
        Blocks[i] = HeapAlloc(Heap, 0, (SIZE_T)i * 97);
        CHECK(Blocks[i] != NULL);
    }
    /* A growable heap takes big blocks. */
    char *Big = HeapAlloc(Heap, 0, 8 << 20);
    CHECK(Big != NULL);
    if (Big)
        Big[(8 << 20) - 1] = 1;
    for (int i = 0; i < 50; i++)
        CHECK(HeapFree(Heap, 0, Blocks[i]));
    /* Destroying frees the rest. */
    CHECK(HeapDestroy(Heap));
    SetLastError(0);
    CHECK(!HeapDestroy(Heap));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(HeapAlloc(Heap, 0, 10) == NULL);
    SetLastError(0);
    CHECK(!HeapFree(Heap, 0, Blocks[60]));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);

    /* A heap with a maximum size stops growing there. */
    Heap = HeapCreate(0, 4096, 64 * 1024);
    CHECK(Heap != NULL);
    int Count = 0;
    while (Count < 1000 && HeapAlloc(Heap, 0, 1000))
        Count++;
    CHECK(Count > 0 && Count < 66);
    CHECK(HeapDestroy(Heap));

    /* ... and refuses blocks of 0x7FFF8 bytes and more, however big it is. */
    Heap = HeapCreate(0, 0, 16 << 20);
    CHECK(HeapAlloc(Heap, 0, 0x7FFF0) != NULL);
    CHECK(HeapAlloc(Heap, 0, 0x7FFF8) == NULL);
    void *Small = HeapAlloc(Heap, 0, 16);
    CHECK(HeapReAlloc(Heap, 0, Small, 0x80000) == NULL);
    CHECK_EQ(HeapSize(Heap, 0, Small), 16);
    CHECK(HeapDestroy(Heap));
}

typedef int (*CODE)(void);

static void TestExecutableHeap(void)
{
    HANDLE Heap = HeapCreate(HEAP_CREATE_ENABLE_EXECUTE, 0, 0);
    UCHAR *Code = HeapAlloc(Heap, 0, 16);
    CHECK(Code != NULL);
    if (!Code)
        return;
    /* mov eax, 42; ret */
    static const UCHAR Bytes[] = { 0xB8, 42, 0, 0, 0, 0xC3 };
    memcpy(Code, Bytes, sizeof Bytes);
    CHECK_EQ(((CODE)(void *)Code)(), 42);
    Code = HeapReAlloc(Heap, 0, Code, 10000);
    CHECK(Code != NULL);
    CHECK_EQ(((CODE)(void *)Code)(), 42);
    CHECK_EQ(HeapSize(Heap, 0, Code), 10000);
    CHECK(HeapDestroy(Heap));
}

static void TestExceptions(void)
{
    HANDLE Heap = HeapCreate(0, 0, 64 * 1024);
    volatile DWORD Code = 0;

    __try {
        HeapAlloc(Heap, HEAP_GENERATE_EXCEPTIONS, 1 << 20);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, (DWORD)STATUS_NO_MEMORY);

    void *Block = HeapAlloc(Heap, 0, 64);
    Code = 0;
    __try {
        HeapReAlloc(Heap, HEAP_GENERATE_EXCEPTIONS | HEAP_REALLOC_IN_PLACE_ONLY, Block, 60000);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, (DWORD)STATUS_NO_MEMORY);
    CHECK_EQ(HeapSize(Heap, 0, Block), 64);
    CHECK(HeapDestroy(Heap));

    /* Asked for at HeapCreate: every allocation raises. */
    Heap = HeapCreate(HEAP_GENERATE_EXCEPTIONS, 0, 64 * 1024);
    Code = 0;
    __try {
        HeapAlloc(Heap, 0, 1 << 20);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, (DWORD)STATUS_NO_MEMORY);
    /* A block that is not the heap's: an access violation. */
    static char NotABlock[64] __attribute__((aligned(16)));
    Code = 0;
    __try {
        HeapReAlloc(Heap, 0, NotABlock + 48, 10);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, (DWORD)STATUS_ACCESS_VIOLATION);
    CHECK(HeapDestroy(Heap));
}

static void TestBadPointers(void)
{
    HANDLE Heap = GetProcessHeap();
    HANDLE Other = HeapCreate(0, 0, 0);
    static char Buffer[256] __attribute__((aligned(16)));
    void *Foreign = HeapAlloc(Other, 0, 32);

    SetLastError(0);
    CHECK(!HeapFree(Heap, 0, Foreign));    /* a block of another heap */
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(!HeapFree(Heap, 0, Buffer + 128)); /* not a block at all */
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(!HeapFree(Heap, 0, Buffer + 129)); /* misaligned */
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_EQ(HeapSize(Heap, 0, Foreign), (SIZE_T)-1);
    CHECK_EQ(HeapSize(Heap, 0, Buffer + 128), (SIZE_T)-1);
    CHECK(HeapReAlloc(Heap, 0, Buffer + 128, 10) == NULL);
    CHECK(HeapReAlloc(Heap, 0, NULL, 10) == NULL);
    CHECK(HeapFree(Other, 0, Foreign));

    HANDLE Bogus = (HANDLE)(ULONG_PTR)0x7FF000;
    CHECK(HeapAlloc(Bogus, 0, 10) == NULL);
    CHECK(HeapAlloc(NULL, 0, 10) == NULL);
    CHECK_EQ(HeapSize(Bogus, 0, Buffer), (SIZE_T)-1);
    SetLastError(0);
    CHECK(!HeapFree(Bogus, 0, Buffer + 128));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(HeapDestroy(Other));
}

#define WORKERS 4
static HANDLE SharedHeap;

static DWORD WINAPI Churn(LPVOID Parameter)
{
    void *Kept[64] = { 0 };
    DWORD Errors = 0;
    for (int i = 0; i < 20000; i++) {
        int Slot = (i * 7 + (int)(ULONG_PTR)Parameter) & 63;
        if (Kept[Slot]) {
            if (HeapSize(SharedHeap, 0, Kept[Slot]) != (SIZE_T)(Slot + 1) ||
                !HeapFree(SharedHeap, 0, Kept[Slot]))
                Errors++;
            Kept[Slot] = NULL;
        } else if (!(Kept[Slot] = HeapAlloc(SharedHeap, HEAP_ZERO_MEMORY, (SIZE_T)Slot + 1))) {
            Errors++;
        }
    }
    for (int i = 0; i < 64; i++)
        if (Kept[i] && !HeapFree(SharedHeap, 0, Kept[i]))
            Errors++;
    return Errors;
}

static void TestConcurrency(void)
{
    HANDLE Threads[WORKERS];
    DWORD Errors = 0, Code;
    for (int pass = 0; pass < 2; pass++) {
        SharedHeap = pass ? HeapCreate(0, 0, 0) : GetProcessHeap();
        for (int i = 0; i < WORKERS; i++)
            Threads[i] = CreateThread(NULL, 0, Churn, (LPVOID)(ULONG_PTR)i, 0, NULL);
        CHECK_EQ(WaitForMultipleObjects(WORKERS, Threads, TRUE, 30000), WAIT_OBJECT_0);
        for (int i = 0; i < WORKERS; i++) {
            GetExitCodeThread(Threads[i], &Code);
            Errors += Code;
            CloseHandle(Threads[i]);
        }
        if (pass)
            CHECK(HeapDestroy(SharedHeap));
    }
    CHECK_EQ(Errors, 0);
}

static void TestLocalGlobal(void)
{
    char *p = LocalAlloc(LPTR, 64);
    CHECK(p != NULL && AllBytes(p, 64, 0));
    CHECK_EQ(LocalSize(p), 64);
    CHECK(LocalFree(p) == NULL);
    CHECK(LocalFree(NULL) == NULL);
    p = LocalAlloc(LMEM_FIXED, 10);
    CHECK(p != NULL);
    CHECK(LocalFree(p) == NULL);

    static char NotMine[64] __attribute__((aligned(16)));
    SetLastError(0);
    CHECK(LocalFree(NotMine + 48) == NotMine + 48);
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK_EQ(LocalSize(NotMine + 48), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK(LocalAlloc(0x1000, 10) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(LocalAlloc(LMEM_MOVEABLE, 10) == NULL);
    CHECK_EQ(GetLastError(), ERROR_NOT_SUPPORTED);

    p = GlobalAlloc(GPTR, 128);
    CHECK(p != NULL && AllBytes(p, 128, 0));
    CHECK_EQ(GlobalSize(p), 128);
    /* Local and Global memory both live on the process heap. */
    CHECK_EQ(HeapSize(GetProcessHeap(), 0, p), 128);
    CHECK(GlobalFree(p) == NULL);
    p = GlobalAlloc(GMEM_FIXED | GMEM_DDESHARE, 8);
    CHECK(p != NULL);
    CHECK(GlobalFree(p) == NULL);
    SetLastError(0);
    CHECK(GlobalAlloc(GMEM_MOVEABLE, 8) == NULL);
    CHECK_EQ(GetLastError(), ERROR_NOT_SUPPORTED);
    SetLastError(0);
    CHECK(GlobalAlloc(0x8000, 8) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
}

int main(void)
{
    TestProcessHeap();
    TestPrivateHeaps();
    TestExecutableHeap();
    TestExceptions();
    TestBadPointers();
    TestConcurrency();
    TestLocalGlobal();
    return test_summary("win_heap");
}
