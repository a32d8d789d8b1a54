/*
 * ob/ob.h - the object manager's private interface: object types, object
 * headers, the namespace and handle tables.
 */
#ifndef NTIO_OB_H
#define NTIO_OB_H

#include <wdm.h>

struct _EPROCESS;
struct _OBJECT_DIRECTORY;

/* Called when a handle to the object is closed (File: sends CLEANUP when
 * the last handle goes). */
typedef VOID (*OB_CLOSE_METHOD)(struct _EPROCESS *Process, PVOID Object, ACCESS_MASK GrantedAccess,
                                ULONG_PTR ProcessHandleCount, ULONG_PTR SystemHandleCount);
/* Called when the last reference is gone, before the memory is freed. */
typedef VOID (*OB_DELETE_METHOD)(PVOID Object);
/* Called when a name lookup reaches an object of this type with a name left
 * over (Device: opens a file object on the device). */
typedef NTSTATUS (*OB_PARSE_METHOD)(PVOID ParseObject, KPROCESSOR_MODE AccessMode,
                                    ULONG Attributes, PUNICODE_STRING CompleteName,
                                    PUNICODE_STRING RemainingName, PVOID Context, PVOID *Object);

#define OB_NOT_WAITABLE ((ULONG)-1)

typedef struct _OBJECT_TYPE_INITIALIZER {
    ULONG WaitObjectOffset;          /* DISPATCHER_HEADER within the body, or OB_NOT_WAITABLE */
    GENERIC_MAPPING GenericMapping;
    ACCESS_MASK ValidAccessMask;
    ULONG PoolTag;
    OB_CLOSE_METHOD CloseProcedure;
    OB_DELETE_METHOD DeleteProcedure;
    OB_PARSE_METHOD ParseProcedure;
} OBJECT_TYPE_INITIALIZER;

typedef struct _OBJECT_TYPE {
    UNICODE_STRING Name;
    OBJECT_TYPE_INITIALIZER TypeInfo;
    volatile LONG TotalNumberOfObjects;
    volatile LONG TotalNumberOfHandles;
} OBJECT_TYPE;

#define OB_FLAG_PERMANENT 0x01     /* name survives the last handle */
#define OB_FLAG_KERNEL_ONLY 0x02   /* user mode may not open it by name */

typedef struct _OBJECT_HEADER {
    volatile LONG_PTR PointerCount;  /* references, including one per handle */
    volatile LONG_PTR HandleCount;
    POBJECT_TYPE Type;
    ULONG Flags;
    /* Name: valid while Directory != NULL; guarded by the namespace lock. */
    struct _OBJECT_DIRECTORY *Directory;
    UNICODE_STRING Name;
    struct _OBJECT_HEADER *ChainLink;
    PVOID CreatorAddress;             /* who created it, for leak reports */
    struct _OBJECT_HEADER *NextDeferred; /* ObpDeferredDeleteList link (obtype.c) */
    LONGLONG Body __attribute__((aligned(16)));
} OBJECT_HEADER, *POBJECT_HEADER;

#define OBJECT_TO_OBJECT_HEADER(o) CONTAINING_RECORD((o), OBJECT_HEADER, Body)
#define OBJECT_HEADER_TO_OBJECT(h) ((PVOID)&(h)->Body)

#define OBP_DIRECTORY_BUCKETS 37
typedef struct _OBJECT_DIRECTORY {
    POBJECT_HEADER HashBuckets[OBP_DIRECTORY_BUCKETS];
} OBJECT_DIRECTORY, *POBJECT_DIRECTORY;

typedef struct _OBJECT_SYMBOLIC_LINK {
    UNICODE_STRING LinkTarget;
} OBJECT_SYMBOLIC_LINK, *POBJECT_SYMBOLIC_LINK;

#define DIRECTORY_QUERY 0x0001
#define DIRECTORY_TRAVERSE 0x0002
#define DIRECTORY_CREATE_OBJECT 0x0004
#define DIRECTORY_CREATE_SUBDIRECTORY 0x0008
#define DIRECTORY_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0xF)
#define SYMBOLIC_LINK_QUERY 0x0001
#define SYMBOLIC_LINK_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x1)

extern POBJECT_TYPE ObpTypeObjectType, ObpDirectoryObjectType, ObpSymbolicLinkObjectType;
extern POBJECT_DIRECTORY ObpRootDirectoryObject;

/* Types and objects (ob/obtype.c, ob/obcreate.c). */
POBJECT_TYPE ObpCreateObjectType(PCWSTR Name, const OBJECT_TYPE_INITIALIZER *Init);
NTSTATUS ObCreateObject(POBJECT_TYPE Type, SIZE_T BodySize, PVOID *Object);
VOID ObpFreeObject(POBJECT_HEADER Header);
/* Free the objects whose last reference went above APC_LEVEL and are
 * waiting for a worker thread; the flush also waits for a worker's batch
 * (shutdown, before drivers unload). */
VOID ObpProcessDeferredDeletes(VOID);
VOID ObpFlushDeferredDeletes(VOID);
VOID ObMakeTemporaryObject(PVOID Object);
BOOLEAN ObpIsWaitable(PVOID Object, PVOID *DispatcherObject);
ACCESS_MASK ObpMapGenericMask(POBJECT_TYPE Type, ACCESS_MASK Access);

/* Namespace (ob/obname.c). */
VOID ObpInitializeNamespace(VOID);
NTSTATUS ObpInsertName(PVOID Object, PUNICODE_STRING FullName, ULONG Attributes,
                       PVOID *ExistingObject);
VOID ObpRemoveName(POBJECT_HEADER Header);
NTSTATUS ObpLookupObjectName(HANDLE RootDirectory, PUNICODE_STRING Name, ULONG Attributes,
                             POBJECT_TYPE ExpectedType, KPROCESSOR_MODE AccessMode, PVOID ParseContext,
                             PVOID *Object);
NTSTATUS ObpCreateDirectory(PCWSTR Path, PVOID *Directory);
NTSTATUS ObpCreateSymbolicLink(PUNICODE_STRING LinkName, PUNICODE_STRING Target, ULONG Flags,
                               PVOID *Link);
/* Build "\Dir\Name" for an object that has a name; returns FALSE if unnamed. */
BOOLEAN ObpQueryNameString(PVOID Object, PWCHAR Buffer, ULONG BufferChars);
/* The same in UTF-8 for reports, or "(unnamed)"; always NUL-terminated. */
VOID ObpQueryNameUtf8(PVOID Object, char *Buffer, SIZE_T Size);

/* Handles (ob/obhandle.c). */
typedef struct _HANDLE_TABLE *PHANDLE_TABLE;
PHANDLE_TABLE ObpCreateHandleTable(VOID);
VOID ObpDestroyHandleTable(PHANDLE_TABLE Table);
NTSTATUS ObpCreateHandle(PVOID Object, ACCESS_MASK GrantedAccess, ULONG Attributes,
                         KPROCESSOR_MODE AccessMode, PHANDLE Handle);
NTSTATUS ObpCloseHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode);
/* Close every handle of a process (exit): CLEANUP/CLOSE reach the drivers. */
VOID ObpCloseAllHandles(struct _EPROCESS *Process);
ULONG ObpHandleCount(PHANDLE_TABLE Table);
/* Reference Object unless its last reference is gone (FALSE then). */
BOOLEAN ObpReferenceObjectSafe(PVOID Object);
/* A reference for one service call through the thread's one-entry handle
 * cache (obhandle.c); *Cached tells ObpReleaseHandleCached how to give it
 * back.  Only for types whose deletion has no effect outside the object:
 * the cached reference can outlive another thread's close of the handle. */
NTSTATUS ObpReferenceHandleCached(HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                  KPROCESSOR_MODE AccessMode, PVOID *Object, BOOLEAN *Cached);
VOID ObpReleaseHandleCached(PVOID Object, BOOLEAN Cached);
VOID ObpFlushHandleCache(PKTHREAD Thread);
typedef BOOLEAN (*OBP_ENUM_HANDLE_ROUTINE)(HANDLE Handle, PVOID Object, ACCESS_MASK Access,
                                           PVOID Context);
VOID ObpEnumerateHandles(PHANDLE_TABLE Table, OBP_ENUM_HANDLE_ROUTINE Routine, PVOID Context);

/* Inserting an object: name (if any) and a handle in the caller's table. */
NTSTATUS ObInsertObject(PVOID Object, POBJECT_ATTRIBUTES ObjectAttributes, ACCESS_MASK DesiredAccess,
                        KPROCESSOR_MODE AccessMode, PHANDLE Handle);
NTSTATUS ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes, POBJECT_TYPE ObjectType,
                            KPROCESSOR_MODE AccessMode, ACCESS_MASK DesiredAccess,
                            PVOID ParseContext, PHANDLE Handle);
NTSTATUS ObReferenceObjectByName(PUNICODE_STRING ObjectName, ULONG Attributes,
                                 POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                 PVOID ParseContext, PVOID *Object);

VOID ObInitSystem(VOID);

#endif /* NTIO_OB_H */
