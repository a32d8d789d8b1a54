/*
 * tests/win/virtual.c - virtual memory through kernel32: reserving on 64K
 * boundaries, committing pages, page protections (an access to a
 * PAGE_NOACCESS page inside __try is STATUS_ACCESS_VIOLATION), decommit
 * and release, VirtualQuery of allocations and of the rest of the address
 * space, and the errors Windows gives for bad input.
 */
#include <windows.h>

#include "../harness.h"

#define PAGE 4096

/* The exception an access raises, or 0. */
static DWORD Touch(volatile char *Address, BOOL Write)
{
    volatile DWORD Code = 0;
    __try {
        if (Write)
            *Address = 1;
        else
            (void)*Address;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    return Code;
}

static void CheckQuery(const void *Address, const void *Base, const void *AllocationBase,
                       SIZE_T RegionSize, DWORD State, DWORD Protect, int Line)
{
    MEMORY_BASIC_INFORMATION Info;
    memset(&Info, 0xCC, sizeof Info);
    SIZE_T n = VirtualQuery(Address, &Info, sizeof Info);
    ntio_test_checks++;
    if (n != sizeof Info || Info.BaseAddress != Base || Info.AllocationBase != AllocationBase ||
        Info.RegionSize != RegionSize || Info.State != State || Info.Protect != Protect) {
        ntio_test_failures++;
        fprintf(stderr,
                "virtual.c:%d: VirtualQuery(%p) = %zu: base %p alloc %p size 0x%zx state 0x%lx "
                "protect 0x%lx; expected base %p alloc %p size 0x%zx state 0x%lx protect 0x%lx\n",
                Line, Address, (size_t)n, Info.BaseAddress, Info.AllocationBase,
                (size_t)Info.RegionSize, (unsigned long)Info.State, (unsigned long)Info.Protect,
                Base, AllocationBase, (size_t)RegionSize, (unsigned long)State,
                (unsigned long)Protect);
    }
}
#define CHECK_QUERY(a, b, ab, size, state, protect) \
    CheckQuery((a), (b), (ab), (size), (state), (protect), __LINE__)

static void TestReserveCommit(void)
{
    char *p = VirtualAlloc(NULL, 100000, MEM_RESERVE, PAGE_READWRITE);
    CHECK(p != NULL);
    if (!p)
        return;
    CHECK(((ULONG_PTR)p & 0xFFFF) == 0);
    CHECK_QUERY(p + 10, p, p, 100000 + PAGE - 100000 % PAGE, MEM_RESERVE, 0);
    MEMORY_BASIC_INFORMATION Info;
    VirtualQuery(p, &Info, sizeof Info);
    CHECK_EQ(Info.AllocationProtect, PAGE_READWRITE);
    CHECK_EQ(Info.Type, MEM_PRIVATE);
    /* Reserved is not accessible. */
    CHECK_EQ(Touch(p + 5, FALSE), (DWORD)STATUS_ACCESS_VIOLATION);

    /* Commit pages inside: the range is widened to whole pages. */
    char *c = VirtualAlloc(p + PAGE + 10, 10, MEM_COMMIT, PAGE_READWRITE);
    CHECK(c == p + PAGE);
    CHECK(c && c[0] == 0 && c[PAGE - 1] == 0);
    CHECK_EQ(Touch(c + 100, TRUE), 0);
    CHECK_QUERY(p, p, p, PAGE, MEM_RESERVE, 0);
    CHECK_QUERY(p + PAGE + 7, p + PAGE, p, PAGE, MEM_COMMIT, PAGE_READWRITE);
    CHECK_QUERY(p + 2 * PAGE, p + 2 * PAGE, p, 100000 + PAGE - 100000 % PAGE - 2 * PAGE,
                MEM_RESERVE, 0);

    /* Committing again keeps the contents, and takes the new protection. */
    c[0] = 'k';
    CHECK(VirtualAlloc(p, 3 * PAGE, MEM_COMMIT, PAGE_READONLY) == p);
    CHECK_EQ(c[0], 'k');
    CHECK_EQ(p[0], 0);
    CHECK_QUERY(p, p, p, 3 * PAGE, MEM_COMMIT, PAGE_READONLY);
    CHECK_EQ(Touch(c, TRUE), (DWORD)STATUS_ACCESS_VIOLATION);

    /* Decommit: back to reserved; committed again, the page is zero. */
    CHECK(VirtualFree(c, PAGE, MEM_DECOMMIT));
    CHECK_QUERY(c, c, p, PAGE, MEM_RESERVE, 0);
    CHECK_EQ(Touch(c, FALSE), (DWORD)STATUS_ACCESS_VIOLATION);
    CHECK(VirtualAlloc(c, PAGE, MEM_COMMIT, PAGE_READWRITE) == c);
    CHECK_EQ(c[0], 0);

    /* MEM_RESET: committed pages stay usable. */
    CHECK(VirtualAlloc(c, PAGE, MEM_RESET, PAGE_NOACCESS) == c);
    CHECK_EQ(Touch(c, TRUE), 0);

    /* Decommit with size 0 from the base: the whole allocation. */
    CHECK(VirtualFree(p, 0, MEM_DECOMMIT));
    CHECK_QUERY(p, p, p, 100000 + PAGE - 100000 % PAGE, MEM_RESERVE, 0);

    /* Release errors, then the release. */
    SetLastError(0);
    CHECK(!VirtualFree(p, PAGE, MEM_RELEASE));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(!VirtualFree(p + PAGE, 0, MEM_RELEASE));
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
    SetLastError(0);
    CHECK(!VirtualFree(p, 0, MEM_RELEASE | MEM_DECOMMIT));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(!VirtualFree(p, 0, 0));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(VirtualFree(p, 0, MEM_RELEASE));
    VirtualQuery(p, &Info, sizeof Info);
    CHECK_EQ(Info.State, MEM_FREE);
    CHECK(Info.AllocationBase == NULL);
    CHECK_EQ(Info.Protect, PAGE_NOACCESS);
    SetLastError(0);
    CHECK(!VirtualFree(p, 0, MEM_RELEASE));
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
}

static void TestReserveAndCommitAtOnce(void)
{
    char *p = VirtualAlloc(NULL, 5 * PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    CHECK(p != NULL);
    CHECK_QUERY(p, p, p, 5 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    CHECK(p[4 * PAGE] == 0);
    CHECK(VirtualFree(p, 0, MEM_RELEASE));

    /* MEM_COMMIT alone with no address reserves too. */
    p = VirtualAlloc(NULL, 10, MEM_COMMIT, PAGE_READWRITE);
    CHECK(p != NULL);
    CHECK_QUERY(p, p, p, PAGE, MEM_COMMIT, PAGE_READWRITE);
    CHECK(VirtualFree(p, 0, MEM_RELEASE));
}

static void TestFixedAddress(void)
{
    char *p = VirtualAlloc(NULL, 0x40000, MEM_RESERVE, PAGE_NOACCESS);
    CHECK(p != NULL);
    if (!p)
        return;
    /* Already reserved: conflicting. */
    SetLastError(0);
    CHECK(VirtualAlloc(p + 0x10000, PAGE, MEM_RESERVE, PAGE_READWRITE) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
    CHECK(VirtualFree(p, 0, MEM_RELEASE));
    /* Free now: a reservation there starts on the 64K boundary below. */
    char *q = VirtualAlloc(p + 0x12345, 100, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    CHECK(q == p + 0x10000);
    CHECK_QUERY(q, q, q, 0x3000, MEM_COMMIT, PAGE_READWRITE);
    CHECK(VirtualFree(q, 0, MEM_RELEASE));
    /* Committing where nothing is reserved. */
    SetLastError(0);
    CHECK(VirtualAlloc(p, PAGE, MEM_COMMIT, PAGE_READWRITE) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
}

static void TestProtect(void)
{
    DWORD Old = 0;
    char *p = VirtualAlloc(NULL, 4 * PAGE, MEM_RESERVE, PAGE_READWRITE);
    VirtualAlloc(p, 3 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    p[PAGE] = 'a';

    CHECK(VirtualProtect(p + PAGE + 1, 1, PAGE_NOACCESS, &Old));
    CHECK_EQ(Old, PAGE_READWRITE);
    CHECK_EQ(Touch(p + PAGE, FALSE), (DWORD)STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Touch(p, TRUE), 0);
    CHECK_QUERY(p + PAGE, p + PAGE, p, PAGE, MEM_COMMIT, PAGE_NOACCESS);

    CHECK(VirtualProtect(p + PAGE, PAGE, PAGE_READONLY, &Old));
    CHECK_EQ(Old, PAGE_NOACCESS);
    CHECK_EQ(Touch(p + PAGE, FALSE), 0);
    CHECK_EQ(p[PAGE], 'a');
    CHECK_EQ(Touch(p + PAGE, TRUE), (DWORD)STATUS_ACCESS_VIOLATION);

    CHECK(VirtualProtect(p, 3 * PAGE, PAGE_EXECUTE_READWRITE, &Old));
    CHECK_EQ(Old, PAGE_READWRITE);   /* of the first page */
    CHECK_QUERY(p, p, p, 3 * PAGE, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    CHECK_EQ(Touch(p + 2 * PAGE, TRUE), 0);

    /* The fourth page is only reserved. */
    SetLastError(0);
    CHECK(!VirtualProtect(p + 2 * PAGE, 2 * PAGE, PAGE_READWRITE, &Old));
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
    /* Beyond the allocation. */
    SetLastError(0);
    CHECK(!VirtualProtect(p + 3 * PAGE, 3 * PAGE, PAGE_READWRITE, &Old));
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
    /* No place for the old protection. */
    SetLastError(0);
    CHECK(!VirtualProtect(p, PAGE, PAGE_READWRITE, NULL));
    CHECK_EQ(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    CHECK(!VirtualProtect(p, PAGE, 0x3, &Old));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(!VirtualProtect(p, PAGE, PAGE_WRITECOPY, &Old));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(!VirtualProtect(p, 0, PAGE_READWRITE, &Old));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(VirtualFree(p, 0, MEM_RELEASE));
}

/* Memory the application did not get from VirtualAlloc. */
static char Static[3 * PAGE] __attribute__((aligned(PAGE)));

static void TestOtherMemory(void)
{
    MEMORY_BASIC_INFORMATION Info;
    int Local = 0;
    DWORD Old = 0;

    CHECK_EQ(VirtualQuery(&Local, &Info, sizeof Info), sizeof Info);
    CHECK_EQ(Info.State, MEM_COMMIT);
    CHECK_EQ(Info.Protect, PAGE_READWRITE);
    CHECK_EQ(Info.Type, MEM_PRIVATE);
    CHECK((char *)Info.BaseAddress <= (char *)&Local &&
          (char *)&Local < (char *)Info.BaseAddress + Info.RegionSize);

    /* Code of this program: an image, based at its load address. */
    CHECK_EQ(VirtualQuery((void *)(ULONG_PTR)TestOtherMemory, &Info, sizeof Info), sizeof Info);
    CHECK_EQ(Info.State, MEM_COMMIT);
    CHECK_EQ(Info.Type, MEM_IMAGE);
    CHECK_EQ(Info.Protect, PAGE_EXECUTE_READ);
    CHECK((ULONG_PTR)Info.AllocationBase <= (ULONG_PTR)TestOtherMemory);

    /* VirtualProtect works on any committed memory. */
    CHECK(VirtualProtect(Static + PAGE, PAGE, PAGE_READONLY, &Old));
    CHECK_EQ(Old, PAGE_READWRITE);
    CHECK_EQ(Touch(Static + PAGE, TRUE), (DWORD)STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Touch(Static, TRUE), 0);
    CHECK(VirtualProtect(Static + PAGE, PAGE, PAGE_READWRITE, &Old));
    CHECK_EQ(Old, PAGE_READONLY);
    CHECK_EQ(Touch(Static + PAGE, TRUE), 0);
    /* ... but not on private memory with copy-on-write. */
    SetLastError(0);
    CHECK(!VirtualProtect(&Local, 4, PAGE_WRITECOPY, &Old));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);

    /* The first 64K are free and never memory. */
    CHECK_EQ(VirtualQuery((void *)(ULONG_PTR)0x1000, &Info, sizeof Info), sizeof Info);
    CHECK_EQ(Info.State, MEM_FREE);
    CHECK(Info.BaseAddress == (void *)(ULONG_PTR)0x1000);
    SetLastError(0);
    CHECK(!VirtualProtect((void *)(ULONG_PTR)0x1000, PAGE, PAGE_READWRITE, &Old));
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
    SetLastError(0);
    CHECK(!VirtualFree(&Local, 0, MEM_RELEASE));
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
}

static void TestBadInput(void)
{
    MEMORY_BASIC_INFORMATION Info;

    SetLastError(0);
    CHECK(VirtualAlloc(NULL, 0, MEM_COMMIT, PAGE_READWRITE) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(VirtualAlloc(NULL, PAGE, 0, PAGE_READWRITE) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(VirtualAlloc(NULL, PAGE, MEM_COMMIT, 0) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_READWRITE | PAGE_READONLY) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_WRITECOPY) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(VirtualAlloc(NULL, PAGE, MEM_COMMIT | MEM_RESET, PAGE_READWRITE) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(VirtualAlloc((void *)(ULONG_PTR)0x1000, PAGE, MEM_RESERVE, PAGE_READWRITE) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(VirtualAlloc(NULL, PAGE, MEM_COMMIT | MEM_LARGE_PAGES, PAGE_READWRITE) == NULL);
    CHECK_EQ(GetLastError(), ERROR_PRIVILEGE_NOT_HELD);
    SetLastError(0);
    CHECK(VirtualAlloc(NULL, (SIZE_T)1 << 62, MEM_RESERVE, PAGE_READWRITE) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);

    SetLastError(0);
    CHECK_EQ(VirtualQuery(&Info, &Info, sizeof Info - 1), 0);
    CHECK_EQ(GetLastError(), ERROR_BAD_LENGTH);
    SetLastError(0);
    CHECK_EQ(VirtualQuery((void *)(ULONG_PTR)0xFFFF800000000000ULL, &Info, sizeof Info), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK_EQ(VirtualQuery(&Info, (PMEMORY_BASIC_INFORMATION)(ULONG_PTR)0x10, sizeof Info), 0);
    CHECK_EQ(GetLastError(), ERROR_NOACCESS);
}

int main(void)
{
    TestReserveCommit();
    TestReserveAndCommitAtOnce();
    TestFixedAddress();
    TestProtect();
    TestOtherMemory();
    TestBadInput();
    return test_summary("win_virtual");
}
