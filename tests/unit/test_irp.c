/*
 * test_irp.c - IRP mechanics: stack locations through a two-device stack,
 * completion routines (invoke flags, device argument, MORE_PROCESSING),
 * pending propagation, threaded IRPs built by IoBuild*Request, driver-
 * allocated IRPs, associated IRPs and their master, IoCancelIrp, and the
 * bug checks for completing twice or with STATUS_PENDING.
 */
#include <pthread.h>
#include "kmtest.h"

#define IOCTL_TEST_NEITHER CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_TEST_BUFFERED CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

static PDEVICE_OBJECT Lower, Upper;
static NTSTATUS LowerStatus = STATUS_SUCCESS;
static BOOLEAN LowerPends;

/* "The hardware": completes a pended IRP a little later on its own thread. */
static void *CompleteLater(void *Arg)
{
    PIRP Irp = Arg;
    usleep(20000);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return NULL;
}

static ULONG SeenLength;
static LONGLONG SeenOffset;
static UCHAR SeenFirstByte;

/* The lower driver: completes at once, or pends for a helper thread. */
static NTSTATUS LowerDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    CHECK(Sp->DeviceObject == DeviceObject);
    if (Sp->MajorFunction == IRP_MJ_WRITE || Sp->MajorFunction == IRP_MJ_READ) {
        SeenLength = Sp->Parameters.Write.Length;
        SeenOffset = Sp->Parameters.Write.ByteOffset.QuadPart;
        if (Sp->MajorFunction == IRP_MJ_WRITE)
            SeenFirstByte = *(PUCHAR)Irp->AssociatedIrp.SystemBuffer;
        else
            memset(Irp->AssociatedIrp.SystemBuffer, 0x42, SeenLength);
        Irp->IoStatus.Information = SeenLength;
    }
    if (Sp->MajorFunction == IRP_MJ_DEVICE_CONTROL &&
        Sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_TEST_BUFFERED &&
        Sp->Parameters.DeviceIoControl.InputBufferLength >= 4) {
        *(PULONG)Irp->AssociatedIrp.SystemBuffer *= 3;
        Irp->IoStatus.Information = 4;
    }
    if (LowerPends) {
        pthread_t T;
        IoMarkIrpPending(Irp);
        pthread_create(&T, NULL, CompleteLater, Irp);
        pthread_detach(T);
        return STATUS_PENDING;
    }
    Irp->IoStatus.Status = LowerStatus;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return LowerStatus;
}

/* Upper filter behaviours. */
enum { PassSkip, PassWithRoutine, PassMoreProcessing } UpperMode;
static int RoutineCalls;
static PDEVICE_OBJECT RoutineDevice;
static BOOLEAN RoutineSawPending;
static KEVENT MoreProcessingEvent;

static NTSTATUS UpperCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    RoutineCalls++;
    RoutineDevice = DeviceObject;
    CHECK(Context == (PVOID)0x1234);
    RoutineSawPending = Irp->PendingReturned;
    if (UpperMode == PassMoreProcessing) {
        KeSetEvent(&MoreProcessingEvent, 0, FALSE);
        return STATUS_MORE_PROCESSING_REQUIRED;
    }
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp); /* the documented duty of a routine that lets completion continue */
    return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS UpperDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_OBJECT Next = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;
    if (UpperMode == PassSkip) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(Next, Irp);
    }
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, UpperCompletion, (PVOID)0x1234, TRUE, TRUE, TRUE);
    if (UpperMode == PassMoreProcessing) {
        KeInitializeEvent(&MoreProcessingEvent, NotificationEvent, FALSE);
        NTSTATUS s = IoCallDriver(Next, Irp);
        if (s == STATUS_PENDING)
            KeWaitForSingleObject(&MoreProcessingEvent, Executive, KernelMode, FALSE, NULL);
        /* The IRP is ours again: finish it with a status of our own. */
        Irp->IoStatus.Status = STATUS_DEVICE_BUSY;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_DEVICE_BUSY;
    }
    return IoCallDriver(Next, Irp);
}

static NTSTATUS SendIoctl(ULONG Code, PVOID In, ULONG InLen, PVOID Out, ULONG OutLen,
                          PIO_STATUS_BLOCK Iosb)
{
    KEVENT Event;
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    PIRP Irp = IoBuildDeviceIoControlRequest(Code, Upper, In, InLen, Out, OutLen, FALSE, &Event, Iosb);
    if (!Irp)
        return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS Status = IoCallDriver(Upper, Irp);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb->Status;
    }
    return Status;
}

static void TestStackAndCompletionRoutines(void)
{
    IO_STATUS_BLOCK Iosb;
    ULONG In = 14, Out = 0;

    CHECK_EQ(Upper->StackSize, 2);
    UpperMode = PassWithRoutine;
    RoutineCalls = 0;
    CHECK_EQ(SendIoctl(IOCTL_TEST_BUFFERED, &In, 4, &Out, 4, &Iosb), STATUS_SUCCESS);
    CHECK_EQ(RoutineCalls, 1);
    CHECK(RoutineDevice == Upper); /* the routine gets the device that set it */
    CHECK_EQ(Out, 42);              /* buffered output copied back */
    CHECK_EQ(Iosb.Information, 4);

    /* Invoke flags: success only, then an error status. */
    LowerStatus = STATUS_DEVICE_NOT_READY;
    RoutineCalls = 0;
    CHECK_EQ(SendIoctl(IOCTL_TEST_NEITHER, NULL, 0, NULL, 0, &Iosb), STATUS_DEVICE_NOT_READY);
    CHECK_EQ(RoutineCalls, 1); /* InvokeOnError was TRUE */
    LowerStatus = STATUS_SUCCESS;

    /* Skip: no routine, the lower status comes straight back. */
    UpperMode = PassSkip;
    RoutineCalls = 0;
    CHECK_EQ(SendIoctl(IOCTL_TEST_NEITHER, NULL, 0, NULL, 0, &Iosb), STATUS_SUCCESS);
    CHECK_EQ(RoutineCalls, 0);
}

static void TestPendingPropagation(void)
{
    IO_STATUS_BLOCK Iosb = { .Status = 0x12345678 };
    UpperMode = PassWithRoutine;
    LowerPends = TRUE;
    RoutineSawPending = FALSE;
    CHECK_EQ(SendIoctl(IOCTL_TEST_NEITHER, NULL, 0, NULL, 0, &Iosb), STATUS_SUCCESS);
    CHECK(RoutineSawPending); /* SL_PENDING_RETURNED reached the upper routine */
    CHECK_EQ(Iosb.Status, STATUS_SUCCESS);

    /* MORE_PROCESSING_REQUIRED: the upper driver takes the IRP back and
     * completes it again with its own status. */
    UpperMode = PassMoreProcessing;
    CHECK_EQ(SendIoctl(IOCTL_TEST_NEITHER, NULL, 0, NULL, 0, &Iosb), STATUS_DEVICE_BUSY);
    LowerPends = FALSE;
    CHECK_EQ(SendIoctl(IOCTL_TEST_NEITHER, NULL, 0, NULL, 0, &Iosb), STATUS_DEVICE_BUSY);
    CHECK_EQ(Iosb.Status, STATUS_DEVICE_BUSY);
}

/* A driver's own IRP: the routine frees it and stops completion. */
static int OwnIrpFreed;
static NTSTATUS FreeOwnIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    CHECK(DeviceObject == NULL); /* no location above the first */
    *(NTSTATUS *)Context = Irp->IoStatus.Status;
    IoFreeIrp(Irp);
    OwnIrpFreed++;
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static void TestDriverAllocatedIrp(void)
{
    NTSTATUS Seen = 0;
    LowerStatus = STATUS_SUCCESS;
    PIRP Irp = IoAllocateIrp(Lower->StackSize, FALSE);
    CHECK(Irp != NULL);
    CHECK_EQ(Irp->StackCount, 1);
    CHECK_EQ(Irp->CurrentLocation, 2);
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Sp->Parameters.DeviceIoControl.IoControlCode = IOCTL_TEST_NEITHER;
    IoSetCompletionRoutine(Irp, FreeOwnIrp, &Seen, TRUE, TRUE, TRUE);
    CHECK_EQ(IoCallDriver(Lower, Irp), STATUS_SUCCESS);
    CHECK_EQ(OwnIrpFreed, 1);
    CHECK_EQ(Seen, STATUS_SUCCESS);
    CHECK(IoAllocateIrp(0, FALSE) == NULL);
}

static void TestFsdRequests(void)
{
    KEVENT Event;
    IO_STATUS_BLOCK Iosb;
    UCHAR Data[16] = { 0x99 };
    LARGE_INTEGER Offset = { .QuadPart = 4096 };
    LowerStatus = STATUS_SUCCESS;
    Lower->Flags |= DO_BUFFERED_IO;
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    PIRP Irp = IoBuildSynchronousFsdRequest(IRP_MJ_WRITE, Lower, Data, sizeof Data, &Offset, &Event, &Iosb);
    CHECK(Irp != NULL);
    NTSTATUS s = IoCallDriver(Lower, Irp);
    if (s == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    CHECK_EQ(Iosb.Status, STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 16);
    CHECK_EQ(SeenLength, 16);
    CHECK_EQ(SeenOffset, 4096);
    CHECK_EQ(SeenFirstByte, 0x99);     /* the data went through the system buffer */
    CHECK_EQ(KeReadStateEvent(&Event), 1);

    KeClearEvent(&Event);
    memset(Data, 0, sizeof Data);
    Irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, Lower, Data, 8, &Offset, &Event, &Iosb);
    s = IoCallDriver(Lower, Irp);
    if (s == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    CHECK_EQ(Iosb.Information, 8);
    CHECK(Data[0] == 0x42 && Data[7] == 0x42 && Data[8] == 0); /* copied back, and no more */
    Lower->Flags &= ~DO_BUFFERED_IO;
}

static void TestAssociatedIrps(void)
{
    KEVENT Event;
    IO_STATUS_BLOCK Iosb = { .Status = 0x12345678 };
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    PIRP Master = IoBuildDeviceIoControlRequest(IOCTL_TEST_NEITHER, Lower, NULL, 0, NULL, 0, FALSE,
                                                &Event, &Iosb);
    CHECK(Master != NULL);
    Master->AssociatedIrp.IrpCount = 3;
    Master->IoStatus.Status = STATUS_SUCCESS;
    Master->IoStatus.Information = 99;
    char Buffer[64];
    for (int i = 0; i < 3; i++) {
        PIRP A = IoMakeAssociatedIrp(Master, Lower->StackSize);
        CHECK(A != NULL && (A->Flags & IRP_ASSOCIATED_IRP) && A->AssociatedIrp.MasterIrp == Master);
        IoAllocateMdl(Buffer, sizeof Buffer, FALSE, FALSE, A); /* freed with the IRP */
        MmBuildMdlForNonPagedPool(A->MdlAddress);
        PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(A);
        Sp->MajorFunction = IRP_MJ_DEVICE_CONTROL;
        Sp->Parameters.DeviceIoControl.IoControlCode = IOCTL_TEST_NEITHER;
        CHECK_EQ(KeReadStateEvent(&Event), 0); /* the master is not done yet */
        IoCallDriver(Lower, A);
    }
    CHECK_EQ(KeReadStateEvent(&Event), 1);
    CHECK_EQ(Iosb.Status, STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 99);
}

static BOOLEAN CancelRoutineRan;
static KIRQL CancelIrqlSeen;
static VOID TestCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    CancelRoutineRan = TRUE;
    CHECK(Irp->Cancel);
    CHECK(Irp->CancelRoutine == NULL);
    CancelIrqlSeen = KeGetCurrentIrql();
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static void TestCancel(void)
{
    KEVENT Event;
    IO_STATUS_BLOCK Iosb;
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    PIRP Irp = IoBuildDeviceIoControlRequest(IOCTL_TEST_NEITHER, Lower, NULL, 0, NULL, 0, FALSE, &Event,
                                             &Iosb);
    /* As if a driver had queued it: one location in use, a cancel routine set. */
    IoSetNextIrpStackLocation(Irp);
    IoGetCurrentIrpStackLocation(Irp)->DeviceObject = Lower;
    IoMarkIrpPending(Irp);
    IoSetCancelRoutine(Irp, TestCancelRoutine);
    CHECK(IoCancelIrp(Irp));
    CHECK(CancelRoutineRan);
    CHECK_EQ(CancelIrqlSeen, DISPATCH_LEVEL); /* called holding the cancel spin lock */
    CHECK_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    CHECK_EQ(Iosb.Status, STATUS_CANCELLED);

    /* No cancel routine: FALSE, but the Cancel flag is set for the driver to see. */
    KeClearEvent(&Event);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_TEST_NEITHER, Lower, NULL, 0, NULL, 0, FALSE, &Event, &Iosb);
    CHECK(!IoCancelIrp(Irp));
    CHECK(Irp->Cancel);
    IoCallDriver(Lower, Irp); /* completes it */
}

static void CompleteTwice(void)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    IoSetNextIrpStackLocation(Irp);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT); /* no thread, no event: freed */
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static void CompletePending(void)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    IoSetNextIrpStackLocation(Irp);
    Irp->IoStatus.Status = STATUS_PENDING;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static void TestBugChecks(void)
{
    int Status = KmRunChild(CompleteTwice);
    if (KM_ASAN) {
        CHECK_HAS(KmStderr, "AddressSanitizer: use-after-poison");
    } else {
        CHECK_DIED_OF(Status, SIGABRT);
        CHECK_HAS(KmReport, "0x00000044 (MULTIPLE_IRP_COMPLETE_REQUESTS)");
    }
    Status = KmRunChild(CompletePending);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "0x000000C9");
}

int main(void)
{
    PDRIVER_OBJECT LowerDrv = KmCreateDriver(LowerDispatch);
    PDRIVER_OBJECT UpperDrv = KmCreateDriver(UpperDispatch);
    Lower = KmCreateDevice(LowerDrv, 0);
    Upper = KmCreateDevice(UpperDrv, sizeof(PDEVICE_OBJECT));
    CHECK(Lower && Upper);
    PDEVICE_OBJECT Attached = IoAttachDeviceToDeviceStack(Upper, Lower);
    CHECK(Attached == Lower);
    *(PDEVICE_OBJECT *)Upper->DeviceExtension = Attached;
    CHECK(IoGetAttachedDevice(Lower) == Upper);

    TestStackAndCompletionRoutines();
    TestPendingPropagation();
    TestDriverAllocatedIrp();
    TestFsdRequests();
    TestAssociatedIrps();
    TestCancel();
    TestBugChecks();

    IoDetachDevice(Lower);
    IoDeleteDevice(Upper);
    IoDeleteDevice(Lower);
    return test_summary("test_irp");
}
