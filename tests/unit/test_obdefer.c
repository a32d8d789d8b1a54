/*
 * tests/unit/test_obdefer.c - the last reference to an object dropped at
 * DISPATCH_LEVEL (a DPC completing an IRP drops the file object it held):
 * the delete procedure must not run there, but later on a worker thread at
 * PASSIVE_LEVEL; at PASSIVE_LEVEL it runs at once, on the caller's thread.
 */
#include "kmtest.h"
#include "ob/ob.h"

static volatile LONG Deleted;
static volatile KIRQL DeleteIrql = 0xFF;
static volatile pthread_t DeleteThread;

static VOID TestDelete(PVOID Object)
{
    UNREFERENCED_PARAMETER(Object);
    DeleteIrql = KeGetCurrentIrql();
    DeleteThread = pthread_self();
    __atomic_add_fetch(&Deleted, 1, __ATOMIC_RELEASE);
}

int main(void)
{
    static const OBJECT_TYPE_INITIALIZER Init = {
        .WaitObjectOffset = OB_NOT_WAITABLE,
        .GenericMapping = { STANDARD_RIGHTS_READ, STANDARD_RIGHTS_WRITE, STANDARD_RIGHTS_EXECUTE,
                            STANDARD_RIGHTS_ALL },
        .ValidAccessMask = STANDARD_RIGHTS_ALL,
        .PoolTag = 0x74736554, /* "Test" */
        .DeleteProcedure = TestDelete,
    };
    POBJECT_TYPE Type = ObpCreateObjectType(L"DeferTest", &Init);
    CHECK(Type != NULL);
    PVOID Object;

    /* PASSIVE_LEVEL: deleted at once, on this thread. */
    CHECK_EQ(ObCreateObject(Type, 64, &Object), STATUS_SUCCESS);
    ObfDereferenceObject(Object);
    CHECK_EQ(Deleted, 1);
    CHECK_EQ(DeleteIrql, PASSIVE_LEVEL);
    CHECK(pthread_equal(DeleteThread, pthread_self()));

    /* DISPATCH_LEVEL: not here and now, but soon at PASSIVE_LEVEL elsewhere. */
    CHECK_EQ(ObCreateObject(Type, 64, &Object), STATUS_SUCCESS);
    KIRQL Old;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    ObfDereferenceObject(Object);
    KeLowerIrql(Old);
    /* (A worker may already have freed it: it runs on another CPU.) */
    CHECK(KM_EVENTUALLY(__atomic_load_n(&Deleted, __ATOMIC_ACQUIRE) == 2));
    CHECK_EQ(DeleteIrql, PASSIVE_LEVEL);
    CHECK(!pthread_equal(DeleteThread, pthread_self()));

    /* Many at once, from several DISPATCH_LEVEL sections: every one freed,
     * and the shutdown flush leaves none pending. */
    for (int i = 0; i < 200; i++) {
        CHECK_EQ(ObCreateObject(Type, 64, &Object), STATUS_SUCCESS);
        KeRaiseIrql(DISPATCH_LEVEL, &Old);
        ObfDereferenceObject(Object);
        KeLowerIrql(Old);
    }
    ObpFlushDeferredDeletes();
    CHECK_EQ(Deleted, 202);
    return test_summary("test_obdefer");
}
