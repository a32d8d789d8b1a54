/*
 * test_pool.c - executive pool: alignment, zeroing, ExAllocatePool2's flag
 * rules, tag statistics, the leak report, the bug checks for bad frees and
 * bad IRQL, and that a forked child gets its own copy of nonpaged pool.
 */
#include "kmtest.h"
#include "ex/ex.h"

#define TAG_T TAG('T', 'e', 's', 't')

static void TestBasics(void)
{
    for (SIZE_T n = 0; n < 9000; n += 97) {
        PUCHAR p = ExAllocatePoolWithTag(NonPagedPoolNx, n, TAG_T);
        CHECK(p != NULL);
        CHECK(((ULONG_PTR)p & 15) == 0);
        if (n >= PAGE_SIZE)
            CHECK(((ULONG_PTR)p & (PAGE_SIZE - 1)) == 0); /* big blocks are page-aligned */
        memset(p, 0xA5, n);
        ExFreePoolWithTag(p, TAG_T);
    }
    PUCHAR c = ExAllocatePoolWithTag(NonPagedPoolCacheAligned, 100, TAG_T);
    CHECK(((ULONG_PTR)c & 63) == 0);
    ExFreePool(c);

    PUCHAR z = ExAllocatePoolZero(PagedPool, 300, TAG_T);
    BOOLEAN Zero = TRUE;
    for (int i = 0; i < 300; i++)
        Zero &= z[i] == 0;
    CHECK(Zero);
    ExFreePoolWithTag(z, TAG_T);
}

static void TestPool2(void)
{
    PUCHAR p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, TAG_T);
    CHECK(p != NULL && p[0] == 0 && p[63] == 0); /* zeroed unless UNINITIALIZED */
    ExFreePool(p);
    CHECK(ExAllocatePool2(0, 64, TAG_T) == NULL);                                 /* no pool kind */
    CHECK(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 64, TAG_T) == NULL); /* two kinds */
    CHECK(ExAllocatePool2(POOL_FLAG_PAGED | 0x00010000ULL, 64, TAG_T) == NULL);    /* unknown required flag */
    p = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_OPTIONAL_START, 64, TAG_T);   /* optional flags ignored */
    CHECK(p != NULL);
    ExFreePool(p);
}

static void TestTagStats(void)
{
    ULONG Tag = TAG('S', 't', 'a', 't');
    PVOID a = ExAllocatePoolWithTag(NonPagedPool, 100, Tag);
    PVOID b = ExAllocatePoolWithTag(PagedPool, 50, Tag);
    EXP_TAG_STATS Stats[1024];
    ULONG n = ExpQueryPoolTags(Stats, 1024);
    BOOLEAN Found = FALSE;
    for (ULONG i = 0; i < n; i++)
        if (Stats[i].Tag == Tag) {
            Found = TRUE;
            CHECK_EQ(Stats[i].Allocs, 2);
            CHECK_EQ(Stats[i].BytesInUse, 150);
        }
    CHECK(Found);
    ExFreePool(a);
    ExFreePool(b);
}

/* The leak report names blocks whose allocating code belongs to a module. */
static const char *Everything(PVOID Address)
{
    UNREFERENCED_PARAMETER(Address);
    return "test_pool";
}

static void TestLeakReport(void)
{
    char *Text = NULL;
    size_t Len = 0;
    PVOID Leak = ExAllocatePoolWithTag(NonPagedPool, 77, TAG('L', 'e', 'a', 'k'));
    FILE *Out = open_memstream(&Text, &Len);
    ULONG n = ExpReportPoolLeaks(Out, Everything);
    fclose(Out);
    CHECK(n >= 1);
    CHECK_HAS(Text, "did not free 77 bytes of pool, tag 'Leak'");
    free(Text);
    ExFreePool(Leak);
}

static void TestForkIsolation(void)
{
    PULONG Small = ExAllocatePoolWithTag(NonPagedPool, 64, TAG_T);
    PULONG Big = ExAllocatePoolWithTag(NonPagedPool, 3 * PAGE_SIZE, TAG_T);
    *Small = 1111;
    Big[1000] = 2222;
    fflush(NULL);
    pid_t Child = fork();
    if (Child == 0) {
        /* The child scribbles on the same addresses and churns the pool. */
        *Small = 9;
        Big[1000] = 9;
        for (int i = 0; i < 1000; i++)
            ExFreePool(ExAllocatePoolWithTag(NonPagedPool, 64, TAG_T));
        _exit(*Small == 9 && Big[1000] == 9 ? 0 : 1);
    }
    int Status;
    waitpid(Child, &Status, 0);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 0);
    CHECK_EQ(*Small, 1111); /* the parent's pool is its own */
    CHECK_EQ(Big[1000], 2222);
    for (int i = 0; i < 1000; i++) /* and its free lists are intact */
        ExFreePool(ExAllocatePoolWithTag(NonPagedPool, 64, TAG_T));
    ExFreePool(Small);
    ExFreePool(Big);
}

static void DoubleFree(void)
{
    PVOID p = ExAllocatePoolWithTag(PagedPool, 32, TAG_T);
    ExFreePool(p);
    ExFreePool(p);
}

static void WrongTag(void)
{
    ExFreePoolWithTag(ExAllocatePoolWithTag(NonPagedPool, 32, TAG_T), TAG('O', 't', 'h', 'r'));
}

static void PagedAtDispatch(void)
{
    KIRQL Old;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    ExAllocatePoolWithTag(PagedPool, 32, TAG_T);
}

static void TestBugChecks(void)
{
    int Status = KmRunChild(DoubleFree);
    if (KM_ASAN) {
        CHECK_HAS(KmStderr, "AddressSanitizer: heap-use-after-free");
    } else {
        CHECK_DIED_OF(Status, SIGABRT);
        CHECK_HAS(KmReport, "0x000000C2 (BAD_POOL_CALLER)");
        CHECK_HAS(KmReport, "Arguments: 0x0000000000000007");
    }
    CHECK_DIED_OF(KmRunChild(WrongTag), SIGABRT);
    CHECK_HAS(KmReport, "Arguments: 0x000000000000000a");
    CHECK_DIED_OF(KmRunChild(PagedAtDispatch), SIGABRT);
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000008 0x0000000000000002");
}

int main(void)
{
    TestBasics();
    TestPool2();
    TestTagStats();
    TestLeakReport();
    TestForkIsolation();
    TestBugChecks();
    return test_summary("test_pool");
}
