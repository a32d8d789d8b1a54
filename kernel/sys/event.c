/*
 * sys/event.c - event objects for applications: NtCreateEvent and the
 * set/reset calls (CreateEvent, SetEvent, ResetEvent).
 */
#include "sys.h"
#include "ex/ex.h"

POBJECT_TYPE ExpEventObjectType;
NTIO_EXPORT POBJECT_TYPE *ExEventObjectType = &ExpEventObjectType;

VOID ExpInitializeEventType(VOID)
{
    static const OBJECT_TYPE_INITIALIZER Init = {
        .WaitObjectOffset = 0,
        .GenericMapping = { STANDARD_RIGHTS_READ | EVENT_QUERY_STATE,
                            STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
                            STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, EVENT_ALL_ACCESS },
        .ValidAccessMask = EVENT_ALL_ACCESS,
        .PoolTag = TAG('E', 'v', 'e', 'n'),
    };
    ExpEventObjectType = ObpCreateObjectType(L"Event", &Init);
}

NTIO_EXPORT NTSTATUS NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                                   POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                                   BOOLEAN InitialState)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PKEVENT Event;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!EventHandle || (Mode == UserMode && !SvcProbe(EventHandle, sizeof(HANDLE), TRUE)))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (EventType != NotificationEvent && EventType != SynchronizationEvent)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    Status = ObCreateObject(ExpEventObjectType, sizeof(KEVENT), (PVOID *)&Event);
    if (NT_SUCCESS(Status)) {
        KeInitializeEvent(Event, EventType, InitialState);
        Status = SvcInsertObject(Mode, Event, ObjectAttributes, DesiredAccess, EventHandle);
    }
    return KiServiceExit(Status);
}

typedef LONG (*EXP_EVENT_OP)(PRKEVENT Event);

static LONG ExpSet(PRKEVENT Event)
{
    return KeSetEvent(Event, EVENT_INCREMENT, FALSE);
}

static NTSTATUS ExpEventOp(HANDLE EventHandle, PLONG PreviousState, EXP_EVENT_OP Op)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PKEVENT Event;
    SERVICE_ENTER();
    NTSTATUS Status = ObReferenceObjectByHandle(EventHandle, EVENT_MODIFY_STATE, ExpEventObjectType,
                                                Mode, (PVOID *)&Event, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    LONG Previous = Op(Event);
    ObfDereferenceObject(Event);
    if (PreviousState && !SvcCopyOut(Mode, PreviousState, &Previous, sizeof Previous))
        Status = STATUS_ACCESS_VIOLATION;
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpEventOp(EventHandle, PreviousState, ExpSet);
}

NTIO_EXPORT NTSTATUS NtResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpEventOp(EventHandle, PreviousState, KeResetEvent);
}

NTIO_EXPORT NTSTATUS NtClearEvent(HANDLE EventHandle)
{
    return ExpEventOp(EventHandle, NULL, KeResetEvent);
}
